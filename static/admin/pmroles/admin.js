// pmroles admin: give select2's own controls the names axe asks for. Select2 (the admin's
// autocomplete) draws a search box with no label and a list with non-item children; it
// redraws them on every change, so a MutationObserver labels whatever appears.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      var name = select && (select.getAttribute("aria-label") ||
        (select.labels && select.labels[0] && select.labels[0].textContent.trim()));
      container.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (field) {
        field.setAttribute("aria-label", "Search " + (name || "choices").toLowerCase());
      });
      container.querySelectorAll("ul.select2-selection__rendered:not([role])").forEach(function (list) {
        list.setAttribute("role", "list");
      });
    });
  }
  function start() {
    label(document);
    new MutationObserver(function () { label(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
