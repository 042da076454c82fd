/* Folds the header menu (<details class="site-menu" open>) into its "Menu" button on narrow screens.
 *
 * Loaded right after the menu, before the page is painted, so a phone never sees it flash open. Without
 * JavaScript the menu simply stays open. On wide screens the button is hidden (portal.css) and the menu is
 * kept open, also when a narrow window is widened.
 */
(function () {
  "use strict";

  var menu = document.querySelector("details.site-menu");
  if (!menu || !window.matchMedia) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 56rem)");

  function fit() {
    menu.open = !narrow.matches;
  }

  fit();
  narrow.addEventListener("change", fit);
})();
