/* geo map runtime: numbers said the way geo._format says them.
 *
 * Python formats every figure it writes into the page. The one number made in
 * the browser, the measure tool's distance, follows the same rules: the rule
 * table (GeoMap.DISTANCE_RULES) is geo._format.DISTANCE_RULES, written into
 * the page by Python, and rounding matches Python's format(): the nearest
 * value, ties (exact in binary, e.g. 2.5 m or 35.25 km) to the even digit,
 * where toFixed alone would round them up.
 */
(function (GeoMap) {
  "use strict";
  var MISSING = "unknown";

  // |x| to `decimals` places, as Python's format(abs(x), ".Nf") prints it.
  function fixed(x, decimals) {
    var text = x.toFixed(decimals);  // nearest; an exact tie goes up
    var exact = x.toFixed(Math.min(100, decimals + 30));
    var tail = exact.slice(exact.indexOf(".") + 1 + decimals);
    if (/^50*$/.test(tail) && Number(text.charAt(text.length - 1)) % 2 === 1) {
      text = (x - 0.5 * Math.pow(10, -decimals)).toFixed(decimals);  // the even neighbour below
    }
    return text;
  }

  function grouped(text) {
    var dot = text.indexOf("."), whole = dot < 0 ? text : text.slice(0, dot), rest = dot < 0 ? "" : text.slice(dot);
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + rest;
  }

  // A distance in metres as text: "850 m", "5 km", "35.4 km", "1,524 km" (geo._format.format_distance).
  function formatDistance(metres) {
    var rules = GeoMap.DISTANCE_RULES;
    if (typeof metres !== "number" || !isFinite(metres) || !rules || !rules.length) return MISSING;
    var rule = rules[rules.length - 1], value = metres / rule.per_m;
    for (var k = 0; k < rules.length; k++) {
      value = metres / rules[k].per_m;
      if (rules[k].below === null || Math.abs(value) < rules[k].below) { rule = rules[k]; break; }
    }
    var text = grouped(fixed(Math.abs(value), rule.decimals));
    if (rule.trim && text.slice(-2) === ".0") text = text.slice(0, -2);
    if (value < 0 && /[1-9]/.test(text)) text = "-" + text;  // a value that rounds to zero reads "0"
    return text + " " + rule.unit;
  }

  GeoMap.format = { distance: formatDistance, MISSING: MISSING };
})(window.GeoMap = window.GeoMap || {});
