// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Mobile navigation: the menu stays visible without JS; with JS a button toggles it.
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("menu-principal");
  if (toggle && nav) {
    var mq = window.matchMedia("(min-width: 64em)");
    var sync = function () {
      if (mq.matches) {
        toggle.hidden = true;
        nav.removeAttribute("data-collapsed");
      } else {
        toggle.hidden = false;
        var open = toggle.getAttribute("aria-expanded") === "true";
        nav.setAttribute("data-collapsed", open ? "false" : "true");
      }
    };
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      sync();
    });
    mq.addEventListener("change", sync);
    sync();
  }

  // Forms marked data-once disable their submit button after the first submit (double clicks);
  // the server stays idempotent anyway.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });

  // Error summaries get the focus so keyboard and screen-reader users land on them.
  var summary = document.getElementById("erreurs-formulaire");
  if (summary) { summary.focus(); }
})();
