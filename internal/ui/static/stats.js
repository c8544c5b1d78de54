// Draws the statistics page's charts with ECharts from the JSON block the
// page carries (the content security policy forbids inline scripts). The
// numbers are also in the tables beside each chart, so nothing is lost
// without JavaScript.
(function () {
  "use strict";
  var el = document.getElementById("stats-data");
  if (!el || typeof echarts === "undefined") { return; }
  var d = JSON.parse(el.textContent);
  var L = d.Labels || {};
  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = echarts.init(node);
    option.tooltip = option.tooltip || { trigger: "axis" };
    option.grid = { left: 48, right: 16, top: 48, bottom: 64, containLabel: true };
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function bars(title, points) {
    return {
      title: { text: title, textStyle: { fontSize: 14 } },
      xAxis: { type: "category", data: points.map(function (p) { return p.name; }), axisLabel: { rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: points.map(function (p) { return p.value; }) }]
    };
  }
  draw("chart-types", {
    title: { text: L["stats.by_type"], textStyle: { fontSize: 14 } },
    legend: { top: 24, type: "scroll" },
    xAxis: { type: "category", data: d.regions || [], axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: (d.by_type || []).map(function (s) { return { name: s.name, type: "bar", stack: "types", data: s.data }; })
  });
  draw("chart-times", {
    legend: { top: 0 },
    xAxis: { type: "category", data: d.regions || [], axisLabel: { rotate: 30 } },
    yAxis: { type: "value" },
    series: [
      { name: L["stats.review_median"], type: "bar", data: d.review_hours || [] },
      { name: L["stats.answer_median"], type: "bar", data: d.answer_hours || [] }
    ]
  });
  draw("chart-returns", bars(L["stats.returns"], d.returns || []));
  draw("chart-credit", bars(L["stats.credit"], d.credit || []));
  draw("chart-questions", bars(L["stats.questions_by_category"], d.questions || []));
})();
