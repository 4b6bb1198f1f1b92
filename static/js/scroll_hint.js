/* A table wider than the screen scrolls inside its box; this says so, in Thai, just above it,
   so nothing is hidden sideways without a hint (site pages and the admin). No inline script. */
(function () {
  "use strict";
  var BOXES = ".table-scroll, .table-container, #changelist .results, .inline-group, .inline-group .tabular, .thai-history";
  function update() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("scroll-hint");
      if (scrolls && !has) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.textContent = "ตารางนี้กว้างกว่าจอ เลื่อนไปทางขวาเพื่อดูส่วนที่เหลือ →";
        box.insertAdjacentElement("beforebegin", hint);
      } else if (!scrolls && has) {
        hint.remove();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", update);
  window.addEventListener("load", update);
})();
