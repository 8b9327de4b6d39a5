// The spread chart of a cluster: posts an hour (first post, new variants, reposts and
// copies, stacked), reach as a line, and the hour the debunk went out.
(function () {
  "use strict";

  function label(iso) {
    // China time, as the tables show it
    var d = new Date(Date.parse(iso) + 8 * 3600 * 1000);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " + pad(d.getUTCHours()) + ":00";
  }

  function debunkIndex(data) {
    if (!data.debunked_at) { return -1; }
    var at = Date.parse(data.debunked_at);
    var found = -1;
    data.hours.forEach(function (h, i) { if (Date.parse(h) <= at) { found = i; } });
    return found;
  }

  function draw() {
    var el = document.getElementById("spread-chart");
    var source = document.getElementById("spread-data");
    if (!el || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var w = data.words;
    var hours = data.hours.map(label);
    var at = debunkIndex(data);
    var bar = function (name, values, color) {
      return { name: name, type: "bar", stack: "posts", data: values, itemStyle: { color: color } };
    };
    var posts = bar(w.copies, data.copies, "#9fb3c8");
    var series = [bar(w.first, data.first, "#0b3d91"), bar(w.variants, data.variants, "#e0b400"), posts,
      { name: w.reach, type: "line", yAxisIndex: 1, data: data.reach, smooth: true, symbolSize: 4,
        itemStyle: { color: "#b00020" } }];
    if (at >= 0) {
      posts.markLine = {
        symbol: "none", label: { formatter: w.debunk, position: "insideEndTop" },
        lineStyle: { color: "#0b7a3e", width: 2, type: "dashed" },
        data: [{ xAxis: hours[at] }]
      };
    }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 48, right: 56, top: 28, bottom: 56 },
      xAxis: { type: "category", data: hours },
      yAxis: [{ type: "value", name: w.posts, minInterval: 1 }, { type: "value", name: w.reach }],
      series: series
    });
    el.dataset.debunkHour = at >= 0 ? hours[at] : "";
    chart.on("finished", function () { el.dataset.rendered = "true"; });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
