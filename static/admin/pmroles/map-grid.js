/* The grid editor, better with JavaScript (the form works without it):
   - a changed cell is marked as it changes;
   - arrow keys with Alt move between cells (Alt+Up/Down/Left/Right), keeping the control kind;
   - leaving the page with unsaved changes asks first. */
(function () {
  "use strict";
  var table = document.getElementById("map-grid");
  if (!table) { return; }
  var form = table.closest("form");
  var dirty = false;

  function cellState(td) {
    var was = td.querySelector("input[name^='was-']").value.split("|");
    var level = td.querySelector(".pmroles-level").value;
    var basis = td.querySelector(".pmroles-basis").value;
    var rationale = td.querySelector(".pmroles-rationale").value.trim();
    if (!level && !was[0]) { return false; }
    return level !== was[0] || basis !== was[1] || rationale !== was.slice(2).join("|");
  }

  table.addEventListener("input", function (event) {
    var td = event.target.closest("td.pmroles-cell");
    if (!td) { return; }
    td.classList.toggle("is-changed", cellState(td));
    dirty = true;
  });
  table.addEventListener("change", function (event) {
    var td = event.target.closest("td.pmroles-cell");
    if (td) { td.classList.toggle("is-changed", cellState(td)); dirty = true; }
  });

  table.addEventListener("keydown", function (event) {
    if (!event.altKey) { return; }
    var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    var move = moves[event.key];
    var td = event.target.closest("td.pmroles-cell");
    if (!move || !td) { return; }
    var tr = td.parentElement;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (row) {
      return !row.classList.contains("pmroles-area-row");
    });
    var r = rows.indexOf(tr) + move[0];
    var c = td.cellIndex + move[1];
    if (r < 0 || r >= rows.length || c < 1 || c >= rows[r].cells.length) { return; }
    var kind = event.target.className;
    var target = rows[r].cells[c].querySelector("." + kind.split(" ")[0]);
    if (target) { event.preventDefault(); target.focus(); }
  });

  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
}());
