/* PMI en AQT — the programme dashboard's charts, drawn with the vendored Chart.js.
 *
 * The figures come from the page itself (a JSON element written by the server); every chart
 * has a data table beside it, so the charts are an aid and the page reads without them.
 */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var Chart = window.Chart;
  var data = JSON.parse(source.textContent);
  var texts = data.texts || {};

  // Colours with at least 3:1 contrast against white (WCAG 2.1, non-text contrast).
  var BLUE = "#0b4f8a";
  var ORANGE = "#b35000";
  var GREY = "#5c6670";
  var GREEN = "#1e6b3a";

  Chart.defaults.locale = "fr-FR";
  Chart.defaults.color = "#212529";
  Chart.defaults.font.size = 13;
  Chart.defaults.animation = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 14;

  // Long labels (axes of intervention, stages) go on several lines rather than being cut.
  function wrap(label, width) {
    var words = String(label).split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines.length > 1 ? lines : label;
  }

  function wrapAll(labels, width) {
    return labels.map(function (label) {
      return wrap(label, width || 22);
    });
  }

  function integerTicks() {
    return { precision: 0 };
  }

  function euros(value) {
    return new Intl.NumberFormat("fr-FR", {
      style: "currency",
      currency: "EUR",
      maximumFractionDigits: 0,
    }).format(value);
  }

  function bars(labels, datasets, options) {
    options = options || {};
    var horizontal = Boolean(options.horizontal);
    var valueAxis = horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, ticks: options.ticks || integerTicks() };
    return {
      type: "bar",
      data: { labels: wrapAll(labels, horizontal ? 26 : 16), datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        aspectRatio: options.aspectRatio || 2,
        scales: scales,
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: options.tooltip || {},
        },
      },
    };
  }

  function single(label, values, colour) {
    return [{ label: label, data: values, backgroundColor: colour }];
  }

  var builders = {
    progress: function (d) {
      return bars(d.labels, [
        { label: texts.supported, data: d.supported, backgroundColor: BLUE },
        { label: texts.target, data: d.targets, backgroundColor: GREY },
      ]);
    },
    // The pipeline reads as a funnel: stages top to bottom, in the programme's order.
    pipeline: function (d) {
      return bars(d.labels, single(texts.projects, d.values, BLUE), {
        horizontal: true,
        aspectRatio: 1.4,
      });
    },
    axes: function (d) {
      return bars(d.labels, single(texts.projects, d.values, BLUE), {
        horizontal: true,
        aspectRatio: 1.6,
      });
    },
    departments: function (d) {
      return bars(d.labels, single(texts.projects, d.values, BLUE));
    },
    headcounts: function (d) {
      return bars(d.labels, single(texts.projects, d.values, BLUE));
    },
    financing: function (d) {
      return bars(
        d.labels,
        [
          { label: texts.asked, data: d.asked, backgroundColor: GREY },
          { label: texts.obtained, data: d.obtained, backgroundColor: BLUE },
        ],
        {
          ticks: { callback: euros },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + " : " + euros(item.parsed.y);
              },
            },
          },
        }
      );
    },
    actions: function (d) {
      return bars(d.labels, [
        { label: texts.actions, data: d.actions, backgroundColor: BLUE },
        { label: texts.days, data: d.days, backgroundColor: ORANGE },
      ], { horizontal: true, aspectRatio: 1.4, ticks: {} });
    },
    outcomes: function (d) {
      return bars(d.labels, single(texts.outcomes, d.values, GREEN));
    },
  };

  var canvases = document.querySelectorAll("canvas[data-chart]");
  Array.prototype.forEach.call(canvases, function (canvas) {
    var name = canvas.getAttribute("data-chart");
    if (builders[name] && data[name]) {
      new Chart(canvas, builders[name](data[name]));
    }
  });
})();
