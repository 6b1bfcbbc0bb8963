// The replay slider: shows the entry number while dragging and opens the match as it
// stood there when let go (the form's Show button does the same without JavaScript).
(function () {
  "use strict";
  var slider = document.querySelector("[data-as-at]");
  if (!slider) return;
  var shown = slider.form.querySelector("output");
  slider.addEventListener("input", function () { shown.textContent = "#" + slider.value; });
  slider.addEventListener("change", function () {
    if (slider.value === slider.max) {
      window.location.href = slider.form.action;  // the last entry is the live match
    } else {
      slider.form.submit();
    }
  });
})();
