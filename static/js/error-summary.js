// Move focus to the error summary so screen-reader and keyboard users hear what went wrong.
// On "load", not "DOMContentLoaded": a page whose address ends in a fragment (#main, after the skip link)
// gets its fragment focus after DOMContentLoaded, which would take focus away from the summary again.
window.addEventListener("load", function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
});

// A link in the error summary takes focus to its field (for a group of options, to the first one) and
// scrolls the field's label or legend into view with it, not only the control.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("[data-error-link]") : null;
  if (!link) { return; }
  var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!target) { return; }
  var control = target.matches("input, select, textarea, button")
    ? target : target.querySelector("input, select, textarea, button");
  if (!control) { return; }
  event.preventDefault();
  var field = control.closest(".utrecht-form-field, fieldset");
  (field || control).scrollIntoView();
  control.focus({ preventScroll: true });
});
