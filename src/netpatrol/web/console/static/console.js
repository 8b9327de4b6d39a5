// The console's small behaviours: live time-limit countdowns, the dashboard's charts and
// its period selector.
(function () {
  "use strict";

  function remaining(el) {
    var left = (Date.parse(el.dataset.due) - Date.now()) / 1000;
    var minutes = Math.floor(Math.abs(left) / 60);
    var text = Math.floor(minutes / 60) + "h " + (minutes % 60) + "m";
    el.textContent = (left < 0 ? el.dataset.late : el.dataset.left).replace("{t}", text);
    el.classList.toggle("late", left < 0);
    el.classList.toggle("soon", left >= 0 && left < 3600);
  }

  function tick() {
    document.querySelectorAll("time[data-due]").forEach(remaining);
  }

  function series(table, key) {
    var i = table.columns.indexOf(key);
    return table.rows.map(function (r) { return r[i]; });
  }

  function unique(values) {
    return values.filter(function (v, i) { return values.indexOf(v) === i; });
  }

  function stackedByDay(table, valueColumn, words) {
    var days = unique(series(table, "day")).sort();
    var cats = unique(series(table, "category"));
    return {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: days },
      yAxis: { type: "value", minInterval: 1 },
      series: cats.map(function (c) {
        return {
          name: words.categories[c] || c, type: "bar", stack: "all",
          data: days.map(function (d) {
            var row = table.rows.find(function (r) { return r[0] === d && r[1] === c; });
            return row ? row[table.columns.indexOf(valueColumn)] : 0;
          })
        };
      })
    };
  }

  var builders = {
    findings: function (t, w) { return stackedByDay(t, "findings", w); },
    breaches: function (t, w) { return stackedByDay(t, "breaches", w); },
    measures: function (t, w) {
      var kinds = unique(series(t, "kind"));
      var statuses = unique(series(t, "status"));
      return {
        tooltip: { trigger: "axis" }, legend: { type: "scroll", bottom: 0 },
        grid: { left: 90, right: 16, top: 16, bottom: 48 },
        yAxis: { type: "category", data: kinds.map(function (k) { return w.measure_kinds[k] || k; }) },
        xAxis: { type: "value", minInterval: 1 },
        series: statuses.map(function (s) {
          return {
            name: w.measure_statuses[s] || s, type: "bar", stack: "all",
            data: kinds.map(function (k) {
              var row = t.rows.find(function (r) { return r[0] === k && r[1] === s; });
              return row ? row[2] : 0;
            })
          };
        })
      };
    },
    warnings: function (t, w) {
      var keys = t.columns.slice(1);
      return {
        tooltip: { trigger: "axis" }, legend: { bottom: 0 },
        grid: { left: 40, right: 16, top: 16, bottom: 48 },
        xAxis: { type: "category", data: series(t, "day") },
        yAxis: { type: "value", minInterval: 1 },
        series: keys.map(function (k) {
          return { name: w.series[k] || k, type: "bar", stack: "all", data: series(t, k) };
        })
      };
    },
    takedowns: function (t, w) {
      var platforms = series(t, "platform").map(function (p) { return w.platforms[p] || p; });
      return {
        tooltip: { trigger: "axis" }, legend: { bottom: 0 },
        grid: { left: 40, right: 16, top: 16, bottom: 48 },
        xAxis: { type: "category", data: platforms },
        yAxis: { type: "value" },
        series: ["median_h", "slowest_h"].map(function (k) {
          return { name: w.series[k], type: "bar", data: series(t, k).map(function (v) { return v === "" ? 0 : v; }) };
        })
      };
    }
  };

  function charts() {
    var dataEl = document.getElementById("dashboard-data");
    if (!dataEl || !window.echarts) { return; }
    var data = JSON.parse(dataEl.textContent);
    var words = JSON.parse(document.getElementById("dashboard-labels").textContent);
    document.querySelectorAll(".chart[data-table]").forEach(function (el) {
      var table = data[el.dataset.table];
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      if (!table.rows.length) {
        chart.setOption({ title: { text: words.empty, left: "center", top: "middle", textStyle: { color: "#616e7c", fontSize: 14 } } });
      } else {
        chart.setOption(builders[el.dataset.table](table, words));
      }
      el.dataset.rendered = "true";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // the page's policy runs no inline handlers: a select that submits its form says so
  function submitOnChange() {
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 30000);
    charts();
    submitOnChange();
  });
})();
