// WCAG 2.2.1: warn staff two minutes before their idle session ends, and let them extend it.
document.addEventListener("DOMContentLoaded", function () {
  var warning = document.getElementById("session-warning");
  if (!warning) { return; }
  var expiresIn = parseInt(warning.dataset.expiresIn, 10);
  var warnBefore = parseInt(warning.dataset.warnBefore, 10);
  window.setTimeout(function () {
    warning.hidden = false;
    warning.focus();
  }, Math.max(0, expiresIn - warnBefore) * 1000);
});
