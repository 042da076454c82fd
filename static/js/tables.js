/* A table that is wider than its box scrolls inside its .table-wrap; this makes that box a labelled,
 * focusable region, so keyboard users can scroll it with the arrow keys (WCAG 2.1.1) and screen readers
 * announce what it holds. The label is the table's caption, else the nearest heading before the table.
 * Boxes that fit get no tab stop.
 */
(function () {
  "use strict";

  function label(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var headings = document.querySelectorAll("h1, h2, h3, summary");
    var found = "";
    for (var index = 0; index < headings.length; index += 1) {
      if (headings[index].compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) {
        found = headings[index].textContent.trim();
      }
    }
    return found;
  }

  function mark(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label(box));
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function markAll() {
    var boxes = document.querySelectorAll(".table-wrap");
    for (var index = 0; index < boxes.length; index += 1) {
      mark(boxes[index]);
    }
  }

  markAll();
  window.addEventListener("resize", markAll);
  // A table inside a <details> has no width until it is opened.
  document.addEventListener("toggle", markAll, true);
})();
