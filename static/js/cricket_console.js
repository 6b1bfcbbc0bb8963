// Keyboard shortcuts for the cricket scorer's console: every ball in one or two keys.
// The form works without this file; here a key just presses the matching submit button.
(function () {
  "use strict";
  var form = document.getElementById("ball-form");
  if (!form) return;
  var runs = form.querySelector("[name=extra_runs]");
  var pending = null; // the extra chosen by a prefix key, waiting for its runs digit
  var sent = false;

  function press(button) {
    if (sent || !button) return;
    sent = true; // one ball per page load: a double key press must not score twice
    form.requestSubmit ? form.requestSubmit(button) : button.click();
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    if (target && target.tagName === "SELECT" && /^[a-z]$/i.test(event.key)) return;
    var key = event.key.toLowerCase();
    if (pending) {
      if (/^[0-7]$/.test(key)) {
        runs.value = key;
        event.preventDefault();
        press(pending);
      }
      pending = null;
      return;
    }
    var prefixed = form.querySelector('[data-prefix="' + key + '"]');
    if (prefixed) {
      pending = prefixed;
      event.preventDefault();
      return;
    }
    var direct = form.querySelector('[data-key="' + key + '"]');
    if (direct) {
      event.preventDefault();
      press(direct);
    }
  });
})();
