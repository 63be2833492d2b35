// outsource: the little JavaScript the pages need (no inline scripts: the CSP forbids them).
// Charts: every <figure data-vega-spec="ID"> is drawn from the JSON data block #ID
// with the vendored vega, vega-lite and vega-embed, loaded from /static on first use.
(function () {
  "use strict";
  var loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
  }

  function loadVega() {
    if (window.vegaEmbed) { return Promise.resolve(); }
    if (!loading) {
      var list = (document.body.dataset.vegaScripts || "").trim().split(/\s+/);
      loading = list.reduce(function (p, src) {
        return p.then(function () { return loadScript(src); });
      }, Promise.resolve());
    }
    return loading;
  }

  function drawCharts(root) {
    var figures = (root || document).querySelectorAll("figure[data-vega-spec]:not([data-drawn])");
    if (!figures.length) { return; }
    loadVega().then(function () {
      figures.forEach(function (el) {
        var data = document.getElementById(el.dataset.vegaSpec);
        if (!data) { return; }
        el.setAttribute("data-drawn", "pending");
        window.vegaEmbed(el, JSON.parse(data.textContent), { actions: false, renderer: "svg" })
          .then(function () { el.setAttribute("data-drawn", "yes"); })
          .catch(function (err) { el.setAttribute("data-drawn", "error"); el.textContent = String(err); });
      });
    }).catch(function (err) { console.error(err); });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { drawCharts(evt.target); });
})();
