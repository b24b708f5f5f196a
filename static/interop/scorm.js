/* A module exported as a SCORM 1.2 package: navigation between its parts, the quiz graded here, and
   the learner's record kept by the LMS through the SCORM 1.2 runtime API (window.API of a parent frame
   or of the opener). Without an LMS (the file opened by itself) the module still reads and grades. */
(function () {
  "use strict";

  function findApi(win) {
    var tries = 0;
    while (win && !win.API && win.parent && win.parent !== win && tries < 10) {
      tries += 1;
      win = win.parent;
    }
    if (win && win.API) { return win.API; }
    if (window.opener && window.opener.API) { return window.opener.API; }
    return null;
  }

  var api = null;
  try { api = findApi(window); } catch (error) { api = null; }  // a parent of another origin

  function call(name) {
    if (!api || typeof api[name] !== "function") { return ""; }
    var args = Array.prototype.slice.call(arguments, 1);
    try { return String(api[name].apply(api, args)); } catch (error) { return ""; }
  }
  function get(element) { return call("LMSGetValue", element); }
  function set(element, value) { return call("LMSSetValue", element, String(value)); }

  var dataElement = document.getElementById("quiz-donnees");
  var quiz = dataElement ? JSON.parse(dataElement.textContent) : null;
  var parts = Array.prototype.slice.call(document.querySelectorAll(".scorm-part"));
  var lessonCount = document.querySelectorAll("section[data-lesson]").length;
  // suspend_data (4 096 characters in SCORM 1.2): visited lessons, answers, best percent.
  var state = { v: [], a: {}, b: null };
  var started = false;
  var finished = false;

  if (api) {
    started = call("LMSInitialize", "") === "true";
    try {
      var saved = get("cmi.suspend_data");
      if (saved) {
        var parsed = JSON.parse(saved);
        state.v = parsed.v || [];
        state.a = parsed.a || {};
        state.b = typeof parsed.b === "number" ? parsed.b : null;
      }
    } catch (error) { /* unreadable suspend data: start afresh */ }
    var status = get("cmi.core.lesson_status");
    if (!status || status === "not attempted") { set("cmi.core.lesson_status", "incomplete"); }
  }

  function save() {
    if (!started || finished) { return; }
    set("cmi.suspend_data", JSON.stringify(state));
  }

  function show(id, moveFocus) {
    var target = document.getElementById(id);
    if (!target || parts.indexOf(target) === -1) { target = parts[0]; }
    parts.forEach(function (part) { part.hidden = part !== target; });
    document.querySelectorAll(".scorm-toc a").forEach(function (link) {
      if (link.getAttribute("href") === "#" + target.id) { link.setAttribute("aria-current", "step"); }
      else { link.removeAttribute("aria-current"); }
    });
    var lesson = parseInt(target.getAttribute("data-lesson") || "0", 10);
    if (lesson && state.v.indexOf(lesson) === -1) { state.v.push(lesson); }
    if (started && !finished) {
      set("cmi.core.lesson_location", target.id);
      if (!quiz && state.v.length >= lessonCount) { set("cmi.core.lesson_status", "completed"); }
      save();
    }
    if (moveFocus) {
      var heading = target.querySelector("h1");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }
  }

  function grade() {
    var score = 0;
    var max = 0;
    var results = {};
    quiz.questions.forEach(function (question) {
      var chosen = state.a[question.id] || [];
      var hits = chosen.filter(function (id) { return question.correct.indexOf(id) !== -1; }).length;
      var wrong = chosen.length - hits;
      var right = hits === question.correct.length && wrong === 0;
      var points = right ? question.points : 0;
      if (question.kind === "multiple" && question.scoring === "partial") {
        points = Math.max(0, (hits - wrong) / (question.correct.length || 1)) * question.points;
      }
      max += question.points;
      score += points;
      results[question.id] = right;
    });
    var percent = max ? Math.round((score * 10000) / max) / 100 : 0;
    return { percent: percent, results: results };
  }

  function restoreAnswers() {
    if (!quiz) { return; }
    Object.keys(state.a).forEach(function (key) {
      (state.a[key] || []).forEach(function (choiceId) {
        var input = document.getElementById(choiceId);
        if (input) { input.checked = true; }
      });
    });
  }

  var form = document.getElementById("quiz-form");
  if (form && quiz) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = [];
      quiz.questions.forEach(function (question, index) {
        var checked = form.querySelectorAll("input[name='" + question.id + "']:checked");
        state.a[question.id] = Array.prototype.map.call(checked, function (input) { return input.value; });
        if (!checked.length) { missing.push(index + 1); }
      });
      var result = document.getElementById("quiz-resultat");
      if (missing.length) {
        result.textContent = "Répondez à toutes les questions avant de valider (question" +
          (missing.length > 1 ? "s " : " ") + missing.join(", ") + ").";
        save();
        return;
      }
      var graded = grade();
      var passed = graded.percent >= quiz.passMark;
      quiz.questions.forEach(function (question) {
        var feedback = document.getElementById(question.id + "-retour");
        var text = graded.results[question.id] ? "Bonne réponse." : "Réponse à revoir.";
        if (passed && question.explanation) { text += " " + question.explanation; }
        feedback.textContent = text;
      });
      var best = state.b === null ? graded.percent : Math.max(state.b, graded.percent);
      state.b = best;
      if (started && !finished) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        set("cmi.core.score.raw", best);
        // Once passed, a later, weaker try does not take the success back.
        set("cmi.core.lesson_status", best >= quiz.passMark ? "passed" : "failed");
        save();
        call("LMSCommit", "");
      }
      result.textContent = passed
        ? "Quiz réussi : " + graded.percent + " % de bonnes réponses. Vous pouvez terminer le module."
        : "Quiz non réussi : " + graded.percent + " % de bonnes réponses, il en faut " + quiz.passMark +
          " %. Revoyez les réponses signalées puis validez à nouveau.";
    });
  }

  function finish() {
    if (!started || finished) { return; }
    save();
    call("LMSCommit", "");
    call("LMSFinish", "");
    finished = true;
  }

  var finishButton = document.getElementById("terminer");
  if (finishButton) {
    finishButton.hidden = !started;
    finishButton.addEventListener("click", function () {
      finish();
      document.getElementById("terminer-statut").textContent =
        "Votre progression est enregistrée. Vous pouvez fermer cette fenêtre.";
    });
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("hashchange", function () { show(window.location.hash.slice(1), true); });
  document.querySelectorAll(".scorm-toc a, .scorm-pager a").forEach(function (link) {
    // The hash changes even when it is the same part; hashchange then does nothing, so show it here.
    link.addEventListener("click", function () {
      if (window.location.hash === link.getAttribute("href")) { show(link.getAttribute("href").slice(1), true); }
    });
  });

  restoreAnswers();
  var first = window.location.hash.slice(1) || (started ? get("cmi.core.lesson_location") : "") || "presentation";
  show(first, false);
})();
