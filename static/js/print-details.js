// Printing a lesson prints the answers too: every <details> (case study analyses, FAQ, transcripts)
// opens before printing and goes back to how the reader left it afterwards.
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.removeAttribute("open"); });
    opened = [];
  });
})();
