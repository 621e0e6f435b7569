// Follows a background export without reloading the page; without JavaScript the "Refresh" link does the same.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box || box.dataset.finished === "1") { return; }
  var bar = document.getElementById("export-bar");
  var percent = document.getElementById("export-percent");
  var state = document.getElementById("export-state");
  var download = document.getElementById("export-download");
  var refresh = document.getElementById("export-refresh");
  var lastState = null;
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        percent.textContent = data.percent + "%";
        if (data.state !== lastState) {
          // Only a change of state is announced, so a screen reader is not flooded with percentages.
          state.querySelector("strong").textContent = data.state_label.charAt(0).toUpperCase() + data.state_label.slice(1);
          lastState = data.state;
        }
        if (data.state === "done") {
          download.hidden = false;
          if (refresh) { refresh.hidden = true; }
          return;
        }
        if (data.state === "failed") { window.location.reload(); return; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
