/* Time on task, measured honestly (progress.services.activity_record_beat, docs/privacy.md).
 *
 * Time counts only while the lesson is visible and the learner is present: time since the last input
 * (key, pointer, scroll, touch) is held back, and dropped if the idle cut-off passes without input
 * (a learner who walks away is not counted for the walk). Hiding the page (another tab, phone locked)
 * stops the count. What was measured is posted every few seconds (data-activity-beat) and when the page
 * is hidden or left (navigator.sendBeacon), with the CSRF token, to our own endpoint; nothing else. */
(function () {
    "use strict";
    var root = document.querySelector("[data-activity-url]");
    if (!root || !window.fetch || !window.performance) { return; }
    var url = root.getAttribute("data-activity-url");
    var token = root.getAttribute("data-activity-token");
    var beatMs = (parseFloat(root.getAttribute("data-activity-beat")) || 45) * 1000;
    var idleMs = (parseFloat(root.getAttribute("data-activity-idle")) || 300) * 1000;
    var MAX_SECONDS = 900;

    var visible = document.visibilityState !== "hidden";
    var last = performance.now();
    var lastInput = last;
    var held = 0;       // ms since the last input: counted once the learner shows they are still there
    var confirmed = 0;  // ms ready to be posted

    function tick() {
        var now = performance.now();
        var delta = now - last;
        last = now;
        if (!visible) { return; }
        if (now - lastInput <= idleMs) {
            held += delta;
        } else {
            held = 0;  // idle cut-off passed: the time since the last input is not counted
        }
    }

    function confirm() {
        confirmed += held;
        held = 0;
    }

    function onInput() {
        tick();
        if (visible) { confirm(); }
        lastInput = performance.now();
    }

    function payload(seconds) {
        var body = new URLSearchParams();
        body.set("csrfmiddlewaretoken", token);
        body.set("active_seconds", seconds.toFixed(3));
        return body;
    }

    function send(useBeacon) {
        var seconds = Math.min(confirmed / 1000, MAX_SECONDS);
        if (seconds < 0.5) { return; }
        confirmed -= seconds * 1000;
        if (useBeacon && navigator.sendBeacon && navigator.sendBeacon(url, payload(seconds))) { return; }
        fetch(url, {method: "POST", body: payload(seconds), credentials: "same-origin", keepalive: true})
            .catch(function () { confirmed += seconds * 1000; });  // offline: posted with the next beat
    }

    function leave() {
        tick();
        if (visible) { confirm(); }  // hiding or leaving the page is itself a sign of presence
        visible = false;
        send(true);
    }

    ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "touchstart"].forEach(function (name) {
        window.addEventListener(name, onInput, {passive: true, capture: true});
    });
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") {
            leave();
        } else {
            last = lastInput = performance.now();
            visible = true;
        }
    });
    window.addEventListener("pagehide", leave);
    window.setInterval(tick, Math.min(1000, beatMs));
    window.setInterval(function () { tick(); send(false); }, beatMs);
}());
