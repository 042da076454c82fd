/* Draws every [data-chart] element with the vendored plotly.js.
 *
 * The figure JSON sits in <script type="application/json" id="..."> (Django's json_script), named by the
 * element's data-chart attribute; no inline code, so the strict CSP (script-src 'self') holds.
 * For print, each chart is also rendered once to a PNG in the <img class="chart-print"> beside it:
 * print.css shows the image instead of the interactive chart, so paper and PDF get a sharp static picture.
 */
(function () {
  "use strict";

  if (typeof window.Plotly === "undefined") {
    return; // plotly.js missing: the tables beside each chart still carry the numbers
  }
  var Plotly = window.Plotly;
  // plotly.js asks for a world outline for any map, even one drawn from our own boundaries with the base map
  // hidden: it gets an empty one from our static files (geo/world_110m.json), never the CDN.
  var script = document.currentScript;
  var topojsonURL = script ? script.src.replace(/js\/charts[^/]*$/, "geo/") : "/static/geo/";
  var lang = (document.documentElement.lang || "da").slice(0, 2);

  Plotly.register({
    moduleType: "locale",
    name: "da",
    dictionary: {
      "Double-click to zoom back out": "Dobbeltklik for at zoome ud"
    },
    format: {
      decimal: ",",
      thousands: ".",
      days: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
      shortDays: ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
      months: ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
        "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
      date: "%d.%m.%Y"
    }
  });

  function readFigure(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function config() {
    return {
      responsive: true,
      displaylogo: false,
      // No mode bar: its buttons cannot be reached by keyboard and sit inside the chart, which assistive
      // technology skips (the numbers table beside it is the text alternative). Print gets the PNG.
      displayModeBar: false,
      locale: lang === "da" ? "da" : "en",
      topojsonURL: topojsonURL
    };
  }

  function renderPrintImage(element) {
    var figure = element.closest("figure");
    var image = figure ? figure.querySelector("img.chart-print") : null;
    if (!image) {
      return;
    }
    var width = 720; // A4's printable width in CSS pixels: the picture prints at about its own size
    var height = (element._fullLayout && element._fullLayout.height) || 340;
    Plotly.toImage(element, { format: "png", width: width, height: height, scale: 2 }).then(function (url) {
      image.src = url;
      image.hidden = false;
      figure.classList.add("chart-block--printable");
    });
  }

  function draw(element) {
    var figure = readFigure(element);
    if (!figure) {
      return;
    }
    var layout = figure.layout || {};
    layout.separators = lang === "da" ? ",." : ".,";
    Plotly.newPlot(element, figure.data || [], layout, config())
      .then(renderPrintImage);
  }

  function drawAll() {
    var elements = document.querySelectorAll("[data-chart]");
    for (var index = 0; index < elements.length; index += 1) {
      draw(elements[index]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
