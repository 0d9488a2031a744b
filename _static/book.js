/* The LSTM book: accessibility repairs of the theme's buttons (its templates), after load.
 * The colour-mode button holds three icons with titles ("Light", "Dark", "System Settings")
 * that screen readers count as its visible text, unlike its name "Color mode" (axe-core:
 * label-content-name-mismatch). The icons are decoration: hide them from assistive technology.
 * matplotlib's animations (to_jshtml) have a frame slider without a label (axe-core: label). */
(function () {
  "use strict";
  function repair() {
    // Font Awesome may already have turned the <i> into an <svg> with a <title>: repair both.
    document.querySelectorAll(".theme-switch-button .theme-switch").forEach(function (icon) {
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.setAttribute("aria-hidden", "true");
      icon.querySelectorAll("title").forEach(function (t) {
        t.remove();
      });
    });
    document.querySelectorAll("input.anim-slider:not([aria-label])").forEach(function (slider) {
      slider.setAttribute("aria-label", "Frame of the animation");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
  window.addEventListener("load", repair);
})();
