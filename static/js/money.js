// Amounts of euros read and written in the page's language, the same way the server does
// (maastricht_inclusie/money.py): "2.500,50" in Dutch, "2,500.50" in English. What the server would refuse
// as unreadable or ambiguous gives null here, so a live total never counts a guess.
(function () {
  "use strict";

  function separators() {
    return document.documentElement.lang === "en" ? { decimal: ".", group: "," } : { decimal: ",", group: "." };
  }

  function groupsValid(runs) {
    var first = runs[0];
    if (runs.length > 1 && first.charAt(0) === "0") { return false; }
    if (first.length < 1 || first.length > 3) { return false; }
    return runs.slice(1).every(function (group) { return group.length === 3; });
  }

  function grouped(runs, seps) {
    if (seps.length && (seps.some(function (s) { return s !== seps[0]; }) || !groupsValid(runs))) { return null; }
    return runs.join("");
  }

  // The amount in cents (an integer, so adding never rounds), or null.
  function parse(text) {
    var group = separators().group;
    var value = String(text).replace(/[\s\u00a0\u202f\u2009]+/g, " ").trim().replace("\u2212", "-");
    var negative = false;
    for (var pass = 0; pass < 2; pass += 1) {
      if (value.charAt(0) === "-" && !negative) { negative = true; value = value.slice(1).trim(); }
      value = value.replace(/^(?:€|eur(?:o)?\b)|(?:€|\beur(?:o|os)?)$/i, "").trim();
    }
    if (/,--?$/.test(value)) {
      value = value.replace(/-+$/, "").slice(0, -1);
      if (!/\d$/.test(value)) { return null; }
    }
    if (/^[.,]\d/.test(value)) { value = "0" + value; }
    if (!/^\d+(?:[., ]\d+)*$/.test(value)) { return null; }
    var parts = value.split(/([., ])/);
    var runs = parts.filter(function (_, i) { return i % 2 === 0; });
    var seps = parts.filter(function (_, i) { return i % 2 === 1; });
    var whole, cents = "00";
    if (!seps.length) {
      whole = runs[0];
    } else {
      var last = seps[seps.length - 1], tail = runs[runs.length - 1];
      var once = seps.filter(function (s) { return s === last; }).length === 1;
      if (last === " " || !once) {
        whole = grouped(runs, seps);
      } else if (tail.length <= 2) {
        whole = grouped(runs.slice(0, -1), seps.slice(0, -1));
        cents = (tail + "0").slice(0, 2);
      } else if (tail.length === 3 && seps.length === 1 && groupsValid(runs) && last === group) {
        whole = runs.join("");
      } else {
        return null;  // ambiguous, or more than cents
      }
    }
    if (whole === null) { return null; }
    var result = parseInt(whole, 10) * 100 + parseInt(cents, 10);
    return negative ? -result : result;
  }

  // "€ 2.500,50" from 250050 cents.
  function format(cents) {
    var marks = separators();
    var sign = cents < 0 ? "-" : "";
    var absolute = Math.abs(cents);
    var whole = String(Math.floor(absolute / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, marks.group);
    return "€\u00a0" + sign + whole + marks.decimal + String(absolute % 100).padStart(2, "0");
  }

  window.MiMoney = { parse: parse, format: format };
}());
