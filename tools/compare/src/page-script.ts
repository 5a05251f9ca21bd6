/**
 * The HTML page's own script: builds a Chart.js configuration from each chart spec — bars with ± error bars (grouped:
 * per bar; stacked: at the end of the stack), CDFs and server curves as lines on linear axes — and counts the charts
 * drawn in `document.body.dataset.chartsRendered`.
 */
/** Runs in the page: builds a Chart.js configuration from each ChartSpec; series with `errors` get error bars. */
export const PAGE_SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById('chart-data').textContent);
  var drawn = 0;
  var errorBars = {
    id: 'errorBars',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx, scale = chart.scales.y;
      chart.data.datasets.forEach(function (ds, di) {
        var meta = chart.getDatasetMeta(di);
        if (!ds.errors || meta.hidden) return;
        meta.data.forEach(function (bar, i) {
          var v = ds.data[i], e = ds.errors[i];
          if (v === null || e === null || !(e > 0)) return;
          var lo = v - e;
          if (scale.type === 'logarithmic' && lo <= 0) lo = scale.min;
          var top = scale.getPixelForValue(v + e), bottom = scale.getPixelForValue(lo), half = Math.max(3, (bar.width || 12) / 4);
          ctx.save();
          ctx.strokeStyle = '#333';
          ctx.lineWidth = 1.25;
          ctx.beginPath();
          ctx.moveTo(bar.x, top); ctx.lineTo(bar.x, bottom);
          ctx.moveTo(bar.x - half, top); ctx.lineTo(bar.x + half, top);
          ctx.moveTo(bar.x - half, bottom); ctx.lineTo(bar.x + half, bottom);
          ctx.stroke();
          ctx.restore();
        });
      });
    }
  };
  var stackErrors = {
    id: 'stackErrors',
    afterDatasetsDraw: function (chart) {
      var errs = chart.options.plugins.stackErrors && chart.options.plugins.stackErrors.errors;
      if (!errs) return;
      var ctx = chart.ctx, scale = chart.scales.x, meta = chart.getDatasetMeta(0);
      errs.forEach(function (e, i) {
        if (e === null || !(e > 0) || !meta.data[i]) return;
        var total = 0;
        chart.data.datasets.forEach(function (ds) { total += ds.data[i] || 0; });
        var left = scale.getPixelForValue(Math.max(0, total - e)), right = scale.getPixelForValue(total + e), y = meta.data[i].y;
        var half = Math.max(3, (meta.data[i].height || 12) / 4);
        ctx.save();
        ctx.strokeStyle = '#333';
        ctx.lineWidth = 1.25;
        ctx.beginPath();
        ctx.moveTo(left, y); ctx.lineTo(right, y);
        ctx.moveTo(left, y - half); ctx.lineTo(left, y + half);
        ctx.moveTo(right, y - half); ctx.lineTo(right, y + half);
        ctx.stroke();
        ctx.restore();
      });
    }
  };
  function drawXY(canvas, spec) {
    new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: spec.series.map(function (s) {
          return { label: s.label, data: s.points, notes: s.notes, showLine: true, stepped: spec.stepped ? 'after' : false, borderColor: s.colour, backgroundColor: s.colour, borderWidth: 2.5, pointRadius: spec.stepped ? 0 : 4 };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', beginAtZero: spec.kind === 'server', title: { display: true, text: spec.xTitle } },
          y: spec.kind === 'cdf' ? { min: 0, max: 1, title: { display: true, text: spec.yTitle } } : { beginAtZero: true, title: { display: true, text: spec.yTitle } }
        },
        plugins: {
          title: { display: true, text: spec.title },
          tooltip: { callbacks: { afterLabel: function (ctx) { var n = ctx.dataset.notes && ctx.dataset.notes[ctx.dataIndex]; return n || ''; } } }
        }
      }
    });
  }
  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) return;
    if (spec.kind === 'cdf' || spec.kind === 'server') { drawXY(canvas, spec); drawn++; return; }
    var stacked = spec.kind === 'operators';
    var top = 0;
    spec.series.forEach(function (s) { s.data.forEach(function (v, i) { if (v !== null) top = Math.max(top, v + ((s.errors && s.errors[i]) || 0)); }); });
    var stackTop = 0;
    if (stacked) spec.labels.forEach(function (_, i) { var t = 0; spec.series.forEach(function (s) { t += s.data[i] || 0; }); stackTop = Math.max(stackTop, t + ((spec.totalErrors && spec.totalErrors[i]) || 0)); });
    new Chart(canvas, {
      plugins: stacked ? [stackErrors] : [errorBars],
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          return { label: s.label, data: s.data, notes: s.notes, errors: s.errors || null, backgroundColor: s.colour, borderWidth: 0 };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: stacked ? 'y' : 'x',
        scales: stacked
          ? { x: { stacked: true, suggestedMax: stackTop, title: { display: true, text: spec.axisTitle } }, y: { stacked: true } }
          : { y: spec.logScale ? { type: 'logarithmic', suggestedMax: top, title: { display: true, text: spec.axisTitle } } : { beginAtZero: true, suggestedMax: top, title: { display: true, text: spec.axisTitle } } },
        plugins: {
          title: { display: true, text: spec.title },
          stackErrors: { errors: stacked ? spec.totalErrors || null : null },
          tooltip: {
            callbacks: {
              afterLabel: function (ctx) { var n = ctx.dataset.notes && ctx.dataset.notes[ctx.dataIndex]; return n || ''; }
            }
          }
        }
      }
    });
    drawn++;
  });
  document.body.dataset.chartsRendered = String(drawn);
})();
`;
