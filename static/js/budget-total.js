// The budget adds up while the applicant types: the total of the cost items, the requested amount and what is
// still to divide, below the budget table. Without JavaScript the server shows the same figures after saving.
(function () {
  "use strict";
  var budget = document.querySelector("[data-budget]");
  if (!budget || !window.MiMoney) { return; }
  var requested = document.getElementById(budget.getAttribute("data-budget-requested"));
  var amounts = budget.querySelectorAll("tbody input[data-money]");
  var total = budget.querySelector("[data-budget-total]");
  var requestedTotal = budget.querySelector("[data-budget-requested-total]");
  var difference = budget.querySelector("[data-budget-difference]");
  var statuses = budget.querySelectorAll("[data-budget-status]");

  function show(status) {
    statuses.forEach(function (element) { element.hidden = element.getAttribute("data-budget-status") !== status; });
  }

  function update() {
    var sum = 0, unreadable = false;
    amounts.forEach(function (input) {
      if (!input.value.trim()) { return; }
      var cents = window.MiMoney.parse(input.value);
      if (cents === null) { unreadable = true; } else { sum += cents; }
    });
    total.textContent = window.MiMoney.format(sum);
    var asked = requested && requested.value.trim() ? window.MiMoney.parse(requested.value) : null;
    requestedTotal.textContent = asked === null ? "–" : window.MiMoney.format(asked);
    difference.textContent = asked === null ? "–" : window.MiMoney.format(asked - sum);
    show(unreadable ? "unreadable" : (asked !== null && asked === sum ? "adds-up" : "differs"));
  }

  budget.addEventListener("input", update);
  if (requested) { requested.addEventListener("input", update); }
}());
