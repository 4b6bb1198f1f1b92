/* A Buddhist-era calendar for every input[data-be-date] (core/thai_admin.py).
   Reads and writes dd/mm/พ.ศ.; no inline script (Content-Security-Policy). */
(function () {
  "use strict";
  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var DAYS = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";

  function arabic(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function parse(text) {
    var m = arabic(text || "").match(/^\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\s*$/);
    if (!m || Number(m[3]) < 2400) { return null; }
    var d = new Date(Number(m[3]) - 543, Number(m[2]) - 1, Number(m[1]));
    return isNaN(d.getTime()) ? null : d;
  }
  function format(d) { return pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + (d.getFullYear() + 543); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function attach(input) {
    if (input.dataset.beDateReady) { return; }
    input.dataset.beDateReady = "1";
    var button = el("button", "be-date__open", "ปฏิทิน");
    button.type = "button";
    button.setAttribute("aria-label", "เลือกวันที่จากปฏิทิน");
    var popup = el("div", "be-date__popup");
    popup.hidden = true;
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-label", "ปฏิทิน พ.ศ.");
    input.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", popup);
    var shown = new Date();

    function pick(d) {
      input.value = format(d);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      input.focus();
    }
    function close() { popup.hidden = true; }
    function draw() {
      popup.textContent = "";
      var head = el("div", "be-date__head");
      var prev = el("button", "be-date__nav", "‹");
      prev.type = "button";
      prev.setAttribute("aria-label", "เดือนก่อน");
      var next = el("button", "be-date__nav", "›");
      next.type = "button";
      next.setAttribute("aria-label", "เดือนถัดไป");
      var title = el("span", "be-date__title", MONTHS[shown.getMonth()] + " " + (shown.getFullYear() + 543));
      prev.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); draw(); });
      next.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); draw(); });
      head.append(prev, title, next);
      popup.append(head);
      var grid = el("table", "be-date__grid");
      var row = el("tr");
      DAYS.forEach(function (d) { row.append(el("th", "", d)); });
      grid.append(row);
      var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      var count = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      var chosen = parse(input.value);
      row = el("tr");
      for (var i = 0; i < first.getDay(); i++) { row.append(el("td")); }
      for (var day = 1; day <= count; day++) {
        var date = new Date(shown.getFullYear(), shown.getMonth(), day);
        var cell = el("td");
        var b = el("button", "be-date__day", String(day));
        b.type = "button";
        b.setAttribute("aria-label", day + " " + MONTHS[date.getMonth()] + " " + (date.getFullYear() + 543));
        if (chosen && chosen.getTime() === date.getTime()) { b.classList.add("is-chosen"); }
        b.addEventListener("click", pick.bind(null, date));
        cell.append(b);
        row.append(cell);
        if (date.getDay() === 6) { grid.append(row); row = el("tr"); }
      }
      if (row.children.length) { grid.append(row); }
      popup.append(grid);
      var today = el("button", "be-date__today", "วันนี้");
      today.type = "button";
      today.addEventListener("click", function () { var t = new Date(); pick(new Date(t.getFullYear(), t.getMonth(), t.getDate())); });
      popup.append(today);
    }
    button.addEventListener("click", function () {
      if (!popup.hidden) { close(); return; }
      var d = parse(input.value) || new Date();
      shown = new Date(d.getFullYear(), d.getMonth(), 1);
      draw();
      popup.hidden = false;
    });
    // Clicks inside stay inside: a month change redraws the popup, and the clicked button is
    // then no longer in it, which the outside-click handler below would take for a click away.
    popup.addEventListener("click", function (e) { e.stopPropagation(); });
    popup.addEventListener("keydown", function (e) { if (e.key === "Escape") { close(); button.focus(); } });
    document.addEventListener("click", function (e) {
      if (!popup.hidden && !popup.contains(e.target) && e.target !== button) { close(); }
    });
  }

  function attachAll(root) {
    (root || document).querySelectorAll("input[data-be-date]").forEach(function (input) {
      // The admin's empty inline row is a template: attach when it is copied.
      if (!input.name || input.name.indexOf("__prefix__") === -1) { attach(input); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { attachAll(); });
  document.addEventListener("formset:added", function (e) { attachAll(e.target); });
})();
