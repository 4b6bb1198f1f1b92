// The ITAS sheet page: each cell's copy button puts that cell's text on the clipboard, so that
// staff paste item by item into ITAS. (A file, not inline: the Content-Security-Policy.)
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var cell = document.getElementById(button.getAttribute("data-copy"));
  if (!cell) return;
  var text = cell.textContent;
  var done = function () {
    var label = button.textContent;
    button.textContent = "คัดลอกแล้ว";
    setTimeout(function () { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }
});
