// Progressive enhancement for the "Preparing your download" page: instead of reloading the
// whole page (what it does without scripts), ask quietly whether the file is ready and start
// the download when it is, saying so in the page's status line for screen readers too.
(function () {
  "use strict";

  var status = document.getElementById("preparing-status");
  if (!status || !window.fetch) return;
  var url = status.getAttribute("data-url");

  function later(seconds) {
    setTimeout(check, (Number(seconds) || 3) * 1000);
  }

  function check() {
    // HEAD: the answer's status without the file itself.
    fetch(url, { method: "HEAD", credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 200) {
          status.textContent = "Your download is ready and has started. " +
            "If it did not, use “Check now”.";
          window.location.href = url;  // an attachment: this page stays
          return;
        }
        if (response.status === 503) {
          status.textContent = "The download could not be prepared. This page asks " +
            "again in a minute.";
        } else if (response.status !== 202) {
          status.textContent = "The download cannot be prepared from here: go back to " +
            "the matrix and try again.";
          return;
        }
        later(response.headers.get("Retry-After"));
      })
      .catch(function () { later(status.getAttribute("data-wait")); });
  }

  later(status.getAttribute("data-wait"));
})();
