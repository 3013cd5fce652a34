// Live updates: every second, fetch this view's main part and put it in place. Everything
// else works without JavaScript. A form being edited is never replaced under the user.
(function () {
  "use strict";
  var main = document.getElementById("view");
  var status = document.getElementById("live");
  if (!main || !window.fetch) { return; }
  status.textContent = "live";
  function editing() {
    var active = document.activeElement;
    return active && main.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }
  function schedule() { window.setTimeout(refresh, 1000); }
  function refresh() {
    if (document.hidden || editing()) { schedule(); return; }
    var url = new URL(window.location.href);
    url.searchParams.set("partial", "1");
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) {
        if (!answer.ok) { throw new Error("HTTP " + answer.status); }
        return answer.text();
      })
      .then(function (html) {
        if (!editing()) { main.innerHTML = html; }
        status.textContent = "live · updated " + new Date().toLocaleTimeString();
      })
      .catch(function () { status.textContent = "live updates paused (sandbox not answering)"; })
      .then(schedule);
  }
  schedule();
})();
