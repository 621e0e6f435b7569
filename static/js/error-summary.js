// Move focus to the error summary so screen-reader and keyboard users hear what went wrong.
// On "load", not "DOMContentLoaded": a page whose address ends in a fragment (#main, after the skip link)
// gets its fragment focus after DOMContentLoaded, which would take focus away from the summary again.
window.addEventListener("load", function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
});
