// Draws the charts whose data the page carries in <script type="application/json"
// class="chart-data" data-canvas="ID">; the same numbers are in the page's tables.
"use strict";
(function () {
  if (typeof window.Chart === "undefined") return;
  const palette = ["#0b5cad", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"];
  document.querySelectorAll("script.chart-data").forEach(function (node) {
    const spec = JSON.parse(node.textContent);
    const canvas = document.getElementById(node.dataset.canvas);
    if (!canvas) return;
    // a bar per label: give horizontal charts the height their bars need
    if (spec.horizontal) {
      canvas.parentElement.style.height = 60 + 32 * spec.labels.length + "px";
    }
    spec.datasets.forEach(function (ds, i) {
      ds.backgroundColor = palette[i % palette.length];
    });
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: !spec.horizontal,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { display: spec.datasets.length > 1 } },
      },
    });
  });
})();
