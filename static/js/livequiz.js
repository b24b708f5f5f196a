// « Quiz en salle »: follow the trainer's screen without reloading by hand.
// Progressive enhancement: without JavaScript, the « Actualiser » link does the same.
(function () {
  "use strict";
  var root = document.querySelector("[data-livequiz-poll]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-livequiz-poll");
  var version = root.getAttribute("data-livequiz-version");
  var isProjection = root.getAttribute("data-livequiz-role") === "projection";
  var announce = root.querySelector("[data-livequiz-announce]");
  var busy = false;
  var timer = null;

  function setText(selector, value) {
    var node = root.querySelector(selector);
    if (node && node.textContent !== String(value)) { node.textContent = value; }
  }

  function message(state) {
    if (state.closed) { return "La session est terminée."; }
    if (state.state === "revealed") { return "Réponses révélées pour la question " + state.position + "."; }
    return "Nouvelle question : question " + state.position + " sur " + state.total + ".";
  }

  // Swap only the content, so the live region (outside it) announces the change.
  function refreshPhone(state) {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("[data-livequiz-content]");
        var current = root.querySelector("[data-livequiz-content]");
        if (!fresh || !current) { window.location.reload(); return; }
        current.innerHTML = fresh.innerHTML;
        document.title = doc.title;
        var messages = document.querySelector(".messages");
        if (messages) { messages.innerHTML = ""; }
        if (announce) { announce.textContent = message(state); }
      });
  }

  // « 0 participant », « 1 réponse », « 2 réponses »: French plural from 2 on.
  function setCount(selector, count) {
    var node = root.querySelector(selector);
    if (!node) { return; }
    var word = count > 1 ? node.getAttribute("data-many") : node.getAttribute("data-one");
    node.textContent = count + " " + word;
  }

  function poll() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return null; }
        if (isProjection) {
          setCount("[data-livequiz-participants]", state.participants);
          setCount("[data-livequiz-answers]", state.answers);
        }
        if (String(state.version) === version) { return null; }
        version = String(state.version);
        if (state.closed) { window.clearInterval(timer); }
        if (isProjection) { window.location.reload(); return null; }
        return refreshPhone(state);
      })
      .catch(function () { /* network hiccup: the next tick tries again */ })
      .then(function () { busy = false; });
  }

  timer = window.setInterval(poll, 2000);
})();
