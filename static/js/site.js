// Progressive enhancement only: every page works without this file.
// "Only differences" on the comparison: hide the rows at once instead of reloading.
(function () {
  "use strict";
  var form = document.querySelector("[data-diff-form]");
  var table = document.querySelector("[data-compare-table]");
  if (!form || !table) return;
  var box = form.querySelector("#diff");
  var apply = form.querySelector("[data-diff-apply]");
  var status = document.querySelector("[data-diff-status]");
  var rows = table.querySelectorAll("tr.row");
  var differing = table.querySelectorAll("tr.row:not(.is-same)").length;

  // Rows the server left out (diff=1) can only come back with a reload.
  if (table.hasAttribute("data-server-filtered")) {
    box.addEventListener("change", function () { form.submit(); });
    return;
  }
  if (apply) apply.hidden = true;

  box.addEventListener("change", function () {
    table.classList.toggle("only-differences", box.checked);
    var url = new URL(window.location.href);
    if (box.checked) url.searchParams.set("diff", "1");
    else url.searchParams.delete("diff");
    window.history.replaceState(null, "", url);
    if (status) {
      status.textContent = box.checked
        ? "Showing the " + differing + " of " + rows.length + " responsibilities where the roles differ."
        : rows.length + " responsibilities, " + differing + " where the roles differ.";
    }
  });
})();
