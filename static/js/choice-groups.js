// A group of checkboxes with a box for the whole group (a district and its neighbourhoods): ticking the whole
// group ticks all of its options, and the box follows the options. Without JavaScript the server reads the
// whole-group box itself (maastricht_inclusie/forms/choices.py).
(function () {
  "use strict";
  document.querySelectorAll("[data-choice-group]").forEach(function (group) {
    var whole = group.querySelector("[data-choice-group-whole]");
    var options = Array.prototype.filter.call(
      group.querySelectorAll("input[type=checkbox]"), function (box) { return box !== whole; }
    );
    if (!whole || !options.length) { return; }

    function follow() {
      var ticked = options.filter(function (box) { return box.checked; }).length;
      whole.checked = ticked === options.length;
      whole.indeterminate = ticked > 0 && ticked < options.length;
    }

    whole.addEventListener("change", function () {
      options.forEach(function (box) { box.checked = whole.checked; });
      whole.indeterminate = false;
    });
    options.forEach(function (box) { box.addEventListener("change", follow); });
    follow();
  });
}());
