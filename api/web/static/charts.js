// Draws the charts whose data the page carries in <script type="application/json"
// class="chart-data" data-canvas="ID">; the same numbers are in the page's tables.
"use strict";
(function () {
  if (typeof window.Chart === "undefined") return;
  const palette = ["#0b5cad", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"];
  // A label longer than this many characters is drawn on several lines: Chart.js gives
  // an axis at most part of the chart's width and cuts what does not fit.
  const LINE = 24;

  // The label in lines of at most LINE characters, cut at spaces (English) or anywhere
  // (Chinese has no spaces); Chart.js draws an array as one line each.
  function wrap(label) {
    const text = String(label);
    if (text.length <= LINE) return text;
    const lines = [];
    let line = "";
    text.split(/(\s+)/).forEach(function (word) {
      if (/^\s+$/.test(word)) {
        if (line) line += " ";
        return;
      }
      while (word.length > LINE) {
        if (line.trim()) lines.push(line.trim());
        lines.push(word.slice(0, LINE));
        word = word.slice(LINE);
        line = "";
      }
      if ((line + word).length > LINE && line.trim()) {
        lines.push(line.trim());
        line = "";
      }
      line += word;
    });
    if (line.trim()) lines.push(line.trim());
    return lines;
  }

  function values(spec) {
    const out = [];
    spec.datasets.forEach(function (ds) {
      ds.data.forEach(function (v) {
        if (v !== null && v !== undefined) out.push(v);
      });
    });
    return out;
  }

  document.querySelectorAll("script.chart-data").forEach(function (node) {
    const spec = JSON.parse(node.textContent);
    const canvas = document.getElementById(node.dataset.canvas);
    if (!canvas) return;
    const labels = spec.labels.map(wrap);
    const lines = labels.reduce(function (n, l) {
      return n + (Array.isArray(l) ? l.length : 1);
    }, 0);
    // a bar per label: give horizontal charts the height their bars and lines need
    if (spec.horizontal) {
      canvas.parentElement.style.height = 60 + 16 * lines + 16 * labels.length + "px";
    }
    spec.datasets.forEach(function (ds, i) {
      ds.backgroundColor = palette[i % palette.length];
    });
    // counts (every value whole) get whole-number ticks: no 0.5 of a city
    const whole = values(spec).every(Number.isInteger);
    const valueAxis = {
      type: spec.log ? "logarithmic" : "linear",
      ticks: whole && !spec.log ? { precision: 0 } : {},
    };
    // every label drawn: Chart.js would skip those it finds no room for
    const labelAxis = { ticks: { autoSkip: false } };
    const scales = spec.horizontal
      ? { x: valueAxis, y: labelAxis }
      : { y: valueAxis, x: labelAxis };
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: labels, datasets: spec.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: !spec.horizontal,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: scales,
        plugins: { legend: { display: spec.datasets.length > 1 } },
      },
    });
  });
})();
