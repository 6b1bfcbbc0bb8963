// The scorer's running clock: the minute the engine's match_clock would show now,
// from when the period started (data attributes rendered by the server).
(function () {
  "use strict";
  var clock = document.getElementById("match-clock");
  if (!clock || clock.dataset.status !== "in_play" || !clock.dataset.started) {
    return;
  }
  var started = parseFloat(clock.dataset.started);
  var before = parseInt(clock.dataset.before, 10);
  var length = parseInt(clock.dataset.length, 10);
  var extraTime = clock.dataset.period.indexOf("extra_time") === 0;
  if (clock.dataset.period === "penalty_shootout") {
    return;
  }
  function tick() {
    var played = Math.floor(Math.max(Date.now() / 1000 - started, 0) / 60) + 1;
    var text = played > length ? (before + length) + "+" + (played - length) + "'" : (before + played) + "'";
    clock.textContent = extraTime ? "ET " + text : text;
  }
  tick();
  window.setInterval(tick, 1000);
})();
