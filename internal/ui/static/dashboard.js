// Draws the urging dashboard's chart with ECharts from the JSON block the
// page carries (the content security policy forbids inline scripts). The
// same numbers are in the table under the chart, so nothing is lost
// without JavaScript.
(function () {
  "use strict";
  var el = document.getElementById("dashboard-data");
  var node = document.getElementById("dashboard-chart");
  if (!el || !node || typeof echarts === "undefined") { return; }
  var d = JSON.parse(el.textContent);
  var series = (d.series || []).map(function (s) { return { name: s.name, type: "bar", data: s.data }; });
  series.push({ name: d.labels.median, type: "line", yAxisIndex: 1, data: d.median || [], connectNulls: true });
  var chart = echarts.init(node);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0, type: "scroll" },
    grid: { left: 48, right: 48, top: 48, bottom: 64, containLabel: true },
    xAxis: { type: "category", data: d.regions || [], axisLabel: { rotate: 30 } },
    yAxis: [{ type: "value", minInterval: 1 }, { type: "value", name: d.labels.median }],
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
