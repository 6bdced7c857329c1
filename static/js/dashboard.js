// Dashboards: draw the charts from the JSON the page carries ({{ charts|json_script }}).
// The numbers are also in the plain table beside each chart and in the text summary above it,
// so a chart that fails to draw loses nothing. Colours are backed by text: legends and labels.
(function () {
  "use strict";

  const COLOURS = {
    WFO: "#198754", // green: on site
    WFH: "#0d6efd", // blue: at home
    WFA: "#d39e00", // amber: elsewhere
  };
  const STATUS_COLOURS = ["#6c757d", "#0d6efd", "#d39e00", "#198754", "#dc3545"];
  const number = new Intl.NumberFormat("id-ID");

  function modeColour(label) {
    const key = Object.keys(COLOURS).find((mode) => label.startsWith(mode));
    return key ? COLOURS[key] : "#6c757d";
  }

  function modes(data) {
    return {
      type: "doughnut",
      data: {
        labels: data.labels,
        datasets: [{ data: data.values, backgroundColor: data.labels.map(modeColour) }],
      },
      options: {
        plugins: {
          legend: { position: "right" },
          tooltip: {
            callbacks: {
              label: (item) => {
                const total = item.dataset.data.reduce((a, b) => a + b, 0) || 1;
                const share = ((100 * item.raw) / total).toFixed(1).replace(".", ",");
                return `${item.label}: ${number.format(item.raw)} (${share}%)`;
              },
            },
          },
        },
      },
    };
  }

  function days(data) {
    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: Object.entries(data.series).map(([label, values]) => ({
          label: label,
          data: values,
          backgroundColor: modeColour(label),
        })),
      },
      options: {
        scales: {
          x: { stacked: true },
          y: { stacked: true, ticks: { precision: 0, callback: (value) => number.format(value) } },
        },
        plugins: { legend: { position: "bottom" } },
      },
    };
  }

  function plans(data) {
    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: "Jumlah OPD", data: data.values, backgroundColor: STATUS_COLOURS }],
      },
      options: {
        indexAxis: "y",
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: false } },
      },
    };
  }

  // Across windows: shares in percent, one line each, told apart by colour, dash and point shape.
  const TREND_STYLES = [
    { borderColor: "#198754", pointStyle: "circle", borderDash: [] },
    { borderColor: "#0d6efd", pointStyle: "rect", borderDash: [6, 3] },
    { borderColor: "#6f42c1", pointStyle: "triangle", borderDash: [2, 2] },
  ];

  function trend(data) {
    return {
      type: "line",
      data: {
        labels: data.labels,
        datasets: Object.entries(data.series).map(([label, values], i) => ({
          label: label,
          data: values,
          backgroundColor: TREND_STYLES[i % TREND_STYLES.length].borderColor,
          pointRadius: 4,
          ...TREND_STYLES[i % TREND_STYLES.length],
        })),
      },
      options: {
        scales: {
          y: { min: 0, max: 100, ticks: { callback: (value) => `${value}%` } },
        },
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true, boxHeight: 6 } },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${String(item.raw).replace(".", ",")}%`,
            },
          },
        },
      },
    };
  }

  const BUILDERS = { modes: modes, days: days, plans: plans, trend: trend };

  function draw() {
    const source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") return;
    const charts = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const name = canvas.dataset.chart;
      if (!charts[name] || !BUILDERS[name]) return;
      const config = BUILDERS[name](charts[name]);
      config.options = Object.assign(
        { responsive: true, maintainAspectRatio: false, animation: false },
        config.options
      );
      canvas.chart = new window.Chart(canvas, config);
    });
  }

  // Choosing another window starts on that window's default day: the day list belongs to the old one.
  function watchWindowChoice() {
    const form = document.querySelector("form[data-dashboard-filter]");
    if (!form) return;
    const windowSelect = form.querySelector("select[name=periode]");
    const daySelect = form.querySelector("select[name=hari]");
    windowSelect.addEventListener("change", () => {
      daySelect.disabled = true; // not sent: the server picks the new window's day
      form.submit();
    });
  }

  // Printing lays the page out narrower (portal.css @media print): Chart.js does not notice, so
  // each chart is redrawn to its print box, and back after, or it would run over its labels.
  function fitChartsToPage() {
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      if (canvas.chart) canvas.chart.resize();
    });
  }

  function watchPrinting() {
    window.addEventListener("beforeprint", fitChartsToPage);
    window.addEventListener("afterprint", fitChartsToPage);
    window.matchMedia("print").addEventListener("change", fitChartsToPage);
  }

  document.addEventListener("DOMContentLoaded", () => {
    watchWindowChoice();
    draw();
    watchPrinting();
  });
})();
