// Keeps a server-rendered page live. Subscribes on /ws/; on each event it applies the
// summary at once and re-fetches the server-rendered fragment of the changed parts.
// Reconnects with backoff and jitter, catching up by seq; polls with conditional GET
// when WebSockets are blocked. Without this script every page still shows the current state.
(function () {
  "use strict";
  var script = document.currentScript;
  var channels = (script.dataset.channels || "").split(" ").filter(Boolean);
  // A signed-in fan's own channels (user:me) are subscribed on their own, so that a
  // session gone stale refuses only them, never the page's public channels.
  var fanChannels = (script.dataset.fanChannels || "").split(" ").filter(Boolean);
  var kind = script.dataset.page || "list";
  var statusEl = document.getElementById("live-status");
  var announcer = document.getElementById("announcer");
  var regions = [].slice.call(document.querySelectorAll("[data-live-fragment]"));
  var lastSeq = {};
  var etags = {};
  var socket = null;
  var attempts = 0;
  var everOpen = false;
  var pollTimer = null;
  var pingTimer = null;
  var silenceTimer = null;
  var POLL_MS = 5000;
  var PING_MS = 20000;
  var SILENCE_MS = 10000;
  var started = Date.now() / 1000;
  var fanRefused = false;

  var centre = document.querySelector(".match-centre[data-match]");
  if (centre) {
    var body = centre.querySelector("[data-seq]");
    lastSeq[centre.dataset.match] = body ? parseInt(body.dataset.seq, 10) || 0 : 0;
  }

  function setState(state, text) {
    if (!statusEl) return;
    statusEl.dataset.state = state;
    statusEl.textContent = text;
  }

  function announce(text) {
    if (!announcer || !text) return;
    announcer.textContent = "";
    // A fresh text node after a tick makes screen readers read repeated texts too.
    setTimeout(function () { announcer.textContent = text; }, 30);
  }

  // --- applying what the server sends ---------------------------------------------------

  function scoreText(summary) {
    var parts = [];
    ["home", "away"].forEach(function (side) {
      var team = summary[side] || {};
      var score = team.score === null || team.score === undefined ? "" : String(team.score);
      parts.push((team.name || side) + " " + score + (team.overs ? " (" + team.overs + " overs)" : ""));
    });
    return parts.join(", ");
  }

  function applySummary(matchId, summary, status) {
    var roots = document.querySelectorAll('[data-match="' + matchId + '"]');
    var changed = false;
    [].forEach.call(roots, function (root) {
      if (summary && summary.home) {
        ["home", "away"].forEach(function (side) {
          var team = summary[side] || {};
          [].forEach.call(root.querySelectorAll('.score[data-side="' + side + '"]'), function (el) {
            var text = team.score === undefined || team.score === null ? "" : String(team.score);
            if (el.textContent !== text) { el.textContent = text; changed = true; }
          });
          [].forEach.call(root.querySelectorAll('.overs[data-side="' + side + '"]'), function (el) {
            var inMatch = kind === "match";
            el.textContent = team.overs ? (inMatch ? "(" + team.overs + " ov)" : "(" + team.overs + ")") : "";
          });
        });
        [].forEach.call(root.querySelectorAll('[data-field="text"]'), function (el) {
          if (summary.sport === "cricket" || status === "break") el.textContent = summary.text || "";
        });
      }
      if (status && kind !== "match") {
        [].forEach.call(root.querySelectorAll('[data-field="status"]'), function (el) {
          el.textContent = status === "finished" ? "FT" : status;
        });
      }
    });
    if (changed && summary && summary.home && (kind === "match" || isFavourite(matchId))) {
      announce(scoreText(summary) + (summary.text ? ". " + summary.text : ""));
    }
  }

  function isFavourite(matchId) {
    return !!document.querySelector('.is-favourite[data-match="' + matchId + '"]');
  }

  function partsOf(root) {
    var parts = {};
    [].forEach.call(root.querySelectorAll("[data-part]"), function (el) { parts[el.dataset.part] = el; });
    return parts;
  }

  // A fan who opened or closed an innings keeps it so when the scorecard refreshes.
  function keepOpenState(before, after) {
    [].forEach.call(after.querySelectorAll("details[id]"), function (details) {
      var shown = before.querySelector("details#" + CSS.escape(details.id));
      if (shown) details.open = shown.open;
    });
  }

  function applyFragment(region, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("[data-live-fragment]") || doc.body;
    var score = fresh.querySelector('[data-part="score"][data-seq]');
    var matchId = centre && centre.dataset.match;
    if (score && matchId) {
      var seq = parseInt(score.dataset.seq, 10);
      if (seq < (region.shownSeq || 0)) return; // an older response overtaken by a newer one
      region.shownSeq = seq;
      if (seq > (lastSeq[matchId] || 0)) lastSeq[matchId] = seq;
    }
    var oldParts = partsOf(region);
    var newParts = partsOf(fresh);
    var sameShape = Object.keys(oldParts).join() === Object.keys(newParts).join();
    if (!sameShape) {
      region.innerHTML = fresh.innerHTML;
      tickClocks();
      return;
    }
    Object.keys(newParts).forEach(function (name) {
      if (oldParts[name].innerHTML !== newParts[name].innerHTML) {
        var part = document.importNode(newParts[name], true);
        keepOpenState(oldParts[name], part);
        oldParts[name].replaceWith(part);
      }
    });
    tickClocks();
  }

  function refresh(region) {
    if (region.busy) { region.again = true; return; }
    region.busy = true;
    var url = region.dataset.liveFragment;
    var headers = { "X-Requested-With": "live" };
    if (etags[url]) headers["If-None-Match"] = etags[url];
    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-cache" })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        var etag = response.headers.get("ETag");
        if (etag) etags[url] = etag;
        return response.text();
      })
      .then(function (html) { if (html !== null) applyFragment(region, html); })
      .catch(function () { /* the next event or poll tries again */ })
      .then(function () {
        region.busy = false;
        if (region.again) { region.again = false; refresh(region); }
      });
  }

  var refreshTimer = null;
  function refreshSoon(delay) {
    if (refreshTimer) return;
    refreshTimer = setTimeout(function () {
      refreshTimer = null;
      regions.forEach(refresh);
    }, delay || 0);
  }

  function onFrame(frame) {
    if (frame.type === "pong" || frame.type === "subscribed" || frame.type === "unsubscribed") return;
    if (frame.type === "error") {
      if (frame.code === "unauthorized" && !fanRefused) { fanRefused = true; return; }
      if (frame.code !== "not_found") setState("error", "Live updates: " + frame.message);
      return;
    }
    var matchId = frame.match;
    var data = frame.data || {};
    if (frame.channel && frame.channel.indexOf("match:") === 0) {
      if (frame.seq <= (lastSeq[matchId] || 0) && frame.type !== "snapshot") return;
      var behind = frame.seq !== (lastSeq[matchId] || 0);
      lastSeq[matchId] = Math.max(frame.seq, lastSeq[matchId] || 0);
      if (data.summary && data.summary.home) applySummary(matchId, data.summary, data.status);
      if (frame.type !== "snapshot" || behind) refreshSoon();
      return;
    }
    // competition:, team:, live:all, user:me: rows update in place; a competition's table is
    // re-read on each of its frames, and lists re-render when a match changes state or is
    // new (to the favourites section, for a frame of the fan's favourites).
    if (data.summary && data.summary.home) applySummary(matchId, data.summary, data.status);
    var within = frame.channel === "user:me" ? '[data-part="favourites"] ' : "";
    var listed = document.querySelector(within + '[data-match="' + matchId + '"]');
    if (kind === "competition") refreshSoon(150);
    else if (frame.type === "status" || !listed) refreshSoon(1000);
  }

  // --- the socket -------------------------------------------------------------------------

  function subscribe() {
    var since = {};
    Object.keys(lastSeq).forEach(function (m) { since["match:" + m] = lastSeq[m]; });
    socket.send(JSON.stringify({ action: "subscribe", channels: channels, last_seq: since }));
    if (fanChannels.length && !fanRefused) {
      socket.send(JSON.stringify({ action: "subscribe", channels: fanChannels, last_seq: since }));
    }
  }

  function heard() {
    clearTimeout(silenceTimer);
    silenceTimer = null;
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var ws;
    try { ws = new WebSocket(proto + location.host + "/ws/"); } catch (e) { scheduleReconnect(); return; }
    socket = ws;
    ws.onopen = function () {
      var wasOpen = everOpen;
      attempts = 0;
      everOpen = true;
      stopPolling();
      setState("live", "Live");
      subscribe();
      // Whatever happened while we were away: the catch-up frames say it, and lists
      // (which have no seq of their own) are simply re-fetched once.
      if (wasOpen && kind !== "match") refreshSoon();
      clearInterval(pingTimer);
      pingTimer = setInterval(function () {
        if (ws.readyState !== 1) return;
        ws.send(JSON.stringify({ action: "ping" }));
        if (!silenceTimer) silenceTimer = setTimeout(function () { ws.close(); }, SILENCE_MS);
      }, PING_MS);
    };
    ws.onmessage = function (message) {
      heard();
      var frame;
      try { frame = JSON.parse(message.data); } catch (e) { return; }
      onFrame(frame);
    };
    ws.onclose = function () {
      if (socket !== ws) return;
      clearInterval(pingTimer);
      heard();
      socket = null;
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    attempts += 1;
    // Blocked or broken WebSockets: keep the page current by polling meanwhile.
    if (attempts >= 3) startPolling();
    if (!navigator.onLine) setState("offline", "Offline");
    else if (pollTimer) setState("polling", "Updating every " + POLL_MS / 1000 + " s");
    else setState("reconnecting", "Reconnecting…");
    var delay = Math.min(30000, 500 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
    setTimeout(connect, delay);
  }

  function startPolling() {
    if (pollTimer || !regions.length) return;
    setState("polling", navigator.onLine ? "Updating every " + POLL_MS / 1000 + " s" : "Offline");
    var poll = function () {
      regions.forEach(refresh);
      pollTimer = setTimeout(poll, POLL_MS * (0.8 + Math.random() * 0.4));
    };
    poll();
  }

  function stopPolling() {
    clearTimeout(pollTimer);
    pollTimer = null;
  }

  window.addEventListener("offline", function () {
    setState("offline", "Offline");
    if (socket) socket.close();
  });
  window.addEventListener("online", function () {
    if (!socket) { attempts = 0; connect(); }
  });

  // --- the football clock runs between events ----------------------------------------------

  var skew = 0;
  var withNow = document.querySelector("[data-server-now]");
  if (withNow) skew = parseFloat(withNow.dataset.serverNow) - started;

  function tickClocks() {
    var now = Date.now() / 1000 + skew;
    [].forEach.call(document.querySelectorAll(".clock[data-clock-start]"), function (el) {
      var start = parseFloat(el.dataset.clockStart);
      if (el.dataset.clockStatus !== "in_play" || !start || el.dataset.clockPeriod === "penalty_shootout") return;
      var base = parseInt(el.dataset.clockBase, 10) || 0;
      var length = parseInt(el.dataset.clockLength, 10) || 45;
      var played = Math.floor(Math.max(now - start, 0) / 60) + 1;
      var text = played > length ? (base + length) + "+" + (played - length) + "'" : (base + played) + "'";
      if (el.dataset.clockPeriod.indexOf("extra_time") === 0) text = "ET " + text;
      el.textContent = text;
    });
  }
  if (document.querySelector(".clock[data-clock-start]")) {
    tickClocks();
    setInterval(tickClocks, 1000);
  }

  window.livescore = {
    lastSeq: lastSeq,
    drop: function () { if (socket) socket.close(); },
  };
  if (channels.length) {
    setState("connecting", "Connecting…");
    connect();
  }
})();
