// Progressive enhancement for the comparison grid and the matrix; both work without it.
// - one evidence panel open at a time; Escape or its Close button shuts it and returns focus;
// - "Expand all evidence" opens every panel in place without a reload;
// - a row's ⚑ opens its dispute, collapsed below the grid;
// - the filter form loads the new grid without reloading the page (a plain GET otherwise);
// - the printed date is the day of printing, not the day the page was served.
(function () {
  "use strict";

  function panels() { return document.querySelectorAll("details[data-ev]"); }

  function closeOthers(current) {
    var grid = document.querySelector("[data-compare-grid]");
    if (grid && grid.classList.contains("evidence-open")) return;
    panels().forEach(function (d) { if (d !== current) d.open = false; });
  }

  function addCloseButtons(root) {
    root.querySelectorAll("details[data-ev] .ev-panel").forEach(function (panel) {
      if (panel.querySelector(".ev-close")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ev-close";
      button.textContent = "Close";
      button.addEventListener("click", function () {
        var details = panel.closest("details");
        details.open = false;
        details.querySelector("summary").focus();
      });
      panel.insertBefore(button, panel.firstChild);
    });
  }

  document.addEventListener("toggle", function (event) {
    var target = event.target;
    if (target.matches && target.matches("details[data-ev]") && target.open) closeOthers(target);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details[data-ev][open]");
    var grid = document.querySelector("[data-compare-grid]");
    if (!open || (grid && grid.classList.contains("evidence-open"))) return;
    open.open = false;
    open.querySelector("summary").focus();
  });

  function wireEvidenceSwitch(root) {
    var link = root.querySelector("[data-ev-switch]");
    var grid = root.querySelector("[data-compare-grid]");
    if (!link || !grid) return;
    link.setAttribute("role", "button");
    link.setAttribute("aria-pressed", grid.classList.contains("evidence-open") ? "true" : "false");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var opening = !grid.classList.contains("evidence-open");
      grid.classList.toggle("evidence-open", opening);
      panels().forEach(function (d) { d.open = opening; });
      link.textContent = opening ? "Collapse all evidence" : "Expand all evidence";
      link.setAttribute("aria-pressed", opening ? "true" : "false");
      var url = new URL(window.location.href);
      if (opening) url.searchParams.set("evidence", "open");
      else url.searchParams.delete("evidence");
      window.history.replaceState(null, "", url);
      var hidden = document.querySelector("[data-grid-tools] input[name=evidence]");
      if (opening && !hidden) {
        hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "evidence";
        hidden.value = "open";
        document.querySelector("[data-grid-tools]").appendChild(hidden);
      } else if (!opening && hidden) {
        hidden.remove();
      }
    });
  }

  // A row's ⚑ leads to its dispute below the grid, collapsed: open it on arrival.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  var form = document.querySelector("[data-grid-tools]");
  var results = document.querySelector("[data-grid-results]");
  if (form && results && window.fetch && window.DOMParser) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      params.forEach(function (value, key) { if (!value) params.delete(key); });
      var url = form.action + "?" + params.toString().replace(/%2C/g, ",");
      fetch(url, { headers: { "Accept": "text/html" } }).then(function (response) {
        if (!response.ok) { window.location.href = url; return null; }
        return response.text();
      }).then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-grid-results]");
        if (!fresh) { window.location.href = url; return; }
        results.innerHTML = fresh.innerHTML;
        addCloseButtons(results);
        wireEvidenceSwitch(results);
        window.history.pushState(null, "", url);
        var status = results.querySelector("[data-grid-status]");
        if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
      }).catch(function () { window.location.href = url; });
    });
    window.addEventListener("popstate", function () { window.location.reload(); });
  }

  addCloseButtons(document);
  wireEvidenceSwitch(document);

  var printed = document.querySelector("[data-printed-on]");
  if (printed) {
    window.addEventListener("beforeprint", function () {
      printed.textContent = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    });
  }
})();
