// Starts Redoc on /api/redoc/ (templates/api/redoc.html) without an inline script, and
// gives it the response's CSP nonce for the <style> elements it writes at run time.
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  if (!container || typeof Redoc === "undefined") {
    return;
  }
  Redoc.init(container.dataset.specUrl, { nonce: container.dataset.nonce }, container);
})();
