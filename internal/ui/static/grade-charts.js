// Draws the year page's grade charts with ECharts from the JSON block the
// page carries (the content security policy forbids inline scripts). The
// same numbers are in the tables beside the charts, so nothing is lost
// without JavaScript.
(function () {
  "use strict";
  var el = document.getElementById("grade-data");
  if (!el || typeof echarts === "undefined") { return; }
  var d = JSON.parse(el.textContent);
  var L = d.labels || {};
  var grades = d.grades || [];
  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node);
    option.tooltip = { trigger: "axis" };
    option.grid = { left: 48, right: 16, top: option.legend ? 64 : 48, bottom: 64, containLabel: true };
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  draw("chart-grades", {
    title: { text: L.distribution, textStyle: { fontSize: 14 } },
    xAxis: { type: "category", data: grades.map(function (g) { return L[g] || g; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: grades.map(function (g) { return (d.total || {})[g] || 0; }) }]
  });
  var cities = d.by_city || [];
  draw("chart-cities", {
    title: { text: L.by_city, left: 0, textStyle: { fontSize: 14 } },
    legend: { top: 26, left: 0 },
    xAxis: { type: "category", data: cities.map(function (c) { return c.city; }), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: grades.map(function (g) {
      return { name: L[g] || g, type: "bar", stack: "grades", data: cities.map(function (c) { return (c.counts || {})[g] || 0; }) };
    })
  });
})();
