// Keeps a server-rendered page live: subscribes on /ws/, applies each event's summary.
(function () {
  "use strict";
  var script = document.currentScript;
  var channels = (script.dataset.channels || "").split(" ").filter(Boolean);
  var lastSeq = {};
  var statusEl = document.getElementById("live-status");
  var retry = 0;

  function setStatus(text) { if (statusEl) statusEl.textContent = text; }

  function rowFor(matchId) {
    return document.querySelector('[data-match="' + matchId + '"]');
  }

  function render(matchId, summary, status) {
    var root = rowFor(matchId);
    if (!root) return;
    if (summary) {
      ["home", "away"].forEach(function (side) {
        var team = summary[side] || {};
        root.querySelectorAll('.score[data-side="' + side + '"]').forEach(function (el) {
          el.textContent = team.score === undefined || team.score === null ? "" : team.score;
        });
        root.querySelectorAll('.overs[data-side="' + side + '"]').forEach(function (el) {
          el.textContent = team.overs ? "(" + team.overs + " ov)" : "";
        });
      });
      root.querySelectorAll('[data-field="text"]').forEach(function (el) { el.textContent = summary.text || ""; });
    }
    if (status) root.querySelectorAll('[data-field="status"]').forEach(function (el) { el.textContent = status; });
  }

  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(proto + location.host + "/ws/");
    socket.onopen = function () {
      retry = 0;
      setStatus("Live");
      var since = {};
      Object.keys(lastSeq).forEach(function (m) { since["match:" + m] = lastSeq[m]; });
      socket.send(JSON.stringify({ action: "subscribe", channels: channels, last_seq: since }));
    };
    socket.onmessage = function (message) {
      var frame = JSON.parse(message.data);
      if (frame.type === "subscribed" || frame.type === "pong" || frame.type === "unsubscribed") return;
      if (frame.type === "error") { setStatus("Error: " + frame.message); return; }
      var matchId = frame.match;
      if (frame.channel && frame.channel.indexOf("match:") === 0) lastSeq[matchId] = frame.seq;
      var data = frame.data || {};
      render(matchId, data.summary, data.status);
    };
    socket.onclose = function () {
      setStatus("Reconnecting…");
      retry += 1;
      var delay = Math.min(30000, 500 * Math.pow(2, retry)) * (0.5 + Math.random() / 2);
      setTimeout(connect, delay);
    };
  }
  if (channels.length) connect();
})();
