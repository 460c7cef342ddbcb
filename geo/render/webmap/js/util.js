/* geo map runtime: safe DOM building and payload decoding.
 *
 * Every piece of user text reaches the page through textContent or a DOM
 * attribute set by property, never through innerHTML. The one place Leaflet
 * insists on HTML strings (layer names, attribution) goes through escapeHtml.
 */
(function (GeoMap) {
  "use strict";
  var MISSING = -2147483648;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"'`]/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  }

  // Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) stays text.
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    var trimmed = url.trim();
    if (!/^https?:\/\/[^\s]+$/i.test(trimmed)) return null;
    try {
      var parsed = new URL(trimmed);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  function link(text, url) {
    var href = safeUrl(url);
    if (!href) return el("span", null, text);
    var a = el("a", null, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    return a;
  }

  // Colours come from geo's palettes; refuse anything else rather than pass it to CSS.
  function colour(value, fallback) {
    return typeof value === "string" && /^#[0-9a-fA-F]{3,8}$/.test(value) ? value : fallback;
  }

  // {"i1"|"i2"|"i4": base64} -> a typed integer array (little-endian, as geo writes it).
  var WIDTHS = { i1: Int8Array, i2: Int16Array, i4: Int32Array };
  var MISSING_OF = { i1: -128, i2: -32768, i4: MISSING };

  function widthOf(spec) {
    for (var key in WIDTHS) if (Object.prototype.hasOwnProperty.call(spec, key)) return key;
    throw new Error("map data column without integer payload");
  }

  function decodeInts(spec, n) {
    var key = widthOf(spec), text = spec[key], bytes;
    if (typeof Uint8Array.fromBase64 === "function") bytes = Uint8Array.fromBase64(text);
    else {
      var binary = atob(text);
      bytes = new Uint8Array(binary.length);
      for (var k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
    }
    var Type = WIDTHS[key], ints = new Type(bytes.buffer, bytes.byteOffset, bytes.length / Type.BYTES_PER_ELEMENT);
    if (n !== undefined && ints.length !== n) throw new Error("map data column has " + ints.length + " values, expected " + n);
    return ints;
  }

  // {"iN": base64, "scale": s} -> Float64Array of values (NaN where missing).
  function decodeNumbers(spec, n) {
    if (!spec) return null;
    var ints = decodeInts(spec, n), missing = MISSING_OF[widthOf(spec)], scale = spec.scale || 1;
    var out = new Float64Array(ints.length);
    for (var i = 0; i < ints.length; i++) out[i] = ints[i] === missing ? NaN : ints[i] / scale;
    return out;
  }

  // A text column: {"v": [...]}, {"d": [distinct], "c": codes} or {"p": [columns]} (parts joined end to end,
  // missing parts skipped, null when all are missing); returns i -> string or null.
  function column(spec, n) {
    if (!spec) return function () { return null; };
    if (spec.p) {
      var parts = spec.p.map(function (part) { return column(part, n); });
      return function (i) {
        var out = null;
        for (var k = 0; k < parts.length; k++) { var v = parts[k](i); if (v !== null) out = (out || "") + v; }
        return out;
      };
    }
    if (spec.v) return function (i) { var v = spec.v[i]; return v === undefined ? null : v; };
    var codes = decodeInts(spec.c, n), dict = spec.d;
    return function (i) { var c = codes[i]; return c >= 0 ? dict[c] : null; };
  }

  // Days since 1970-01-01 -> "YYYY-MM-DD".
  // A range input over days first..last (the two time controls' sliders).
  function daySlider(first, last, value, label) {
    var s = el("input", "geo-time-slider");
    s.type = "range"; s.min = first; s.max = last; s.step = 1; s.value = value;
    s.setAttribute("aria-label", label);
    return s;
  }

  function isoDay(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }

  // A record as a heading and a table of label/value rows. `rows` holds
  // [label, value] pairs; value is text, or {"sources": [...]} handled by `sourceCell`.
  function recordNode(heading, rows, sourceCell) {
    var box = el("div", "geo-record");
    if (heading) box.appendChild(el("div", "geo-record-title", heading));
    var table = el("table", "geo-record-table"), body = el("tbody");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      var tr = el("tr"), th = el("th", null, row[0]), td = el("td");
      if (typeof row[1] === "object" && sourceCell) td.appendChild(sourceCell(row[1]));
      else td.appendChild(linkedText(String(row[1])));
      tr.appendChild(th); tr.appendChild(td); body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }

  // Text with its http(s) addresses as links (safeUrl-checked); everything else stays text.
  var URL_IN_TEXT = /https?:\/\/[^\s<>"'()\[\]]+[^\s<>"'()\[\].,;:!?]/gi;
  function linkedText(text) {
    var span = el("span"), last = 0, match;
    URL_IN_TEXT.lastIndex = 0;
    while ((match = URL_IN_TEXT.exec(text)) !== null) {
      if (match.index > last) span.appendChild(document.createTextNode(text.slice(last, match.index)));
      span.appendChild(link(match[0], match[0]));
      last = match.index + match[0].length;
    }
    if (last < text.length) span.appendChild(document.createTextNode(text.slice(last)));
    return span;
  }

  // "article; mod" -> the named sources, as links where they have an http(s) URL.
  function sourcesNode(text, table) {
    var span = el("span", "geo-sources");
    String(text).split(/\s*;\s*/).filter(Boolean).forEach(function (ref, k) {
      if (k) span.appendChild(document.createTextNode("; "));
      var known = table && Object.prototype.hasOwnProperty.call(table, ref) ? table[ref] : null;
      span.appendChild(known ? link(known.name || ref, known.url) : linkedText(ref));
    });
    return span;
  }

  // A figure's claims (JSON written by geo) as a list; superseded and retracted ones struck through.
  function claimsNode(json) {
    var list = el("ul", "geo-claims"), lines;
    try { lines = JSON.parse(json); } catch (e) { return el("span", null, String(json)); }
    (Array.isArray(lines) ? lines : []).forEach(function (c) {
      var item = el("li", "geo-claim geo-claim-" + String(c.status).replace(/[^a-z]/g, ""));
      var head = el(c.struck ? "s" : "span", null, [c.figure, c.wording ? "\u201c" + c.wording + "\u201d" : ""]
        .filter(Boolean).join(" "));
      item.appendChild(head);
      item.appendChild(document.createTextNode(" \u2014 " + c.claimant));
      if (c.relay) {
        item.appendChild(document.createTextNode(", via "));
        item.appendChild(link(c.relay, c.url));
      }
      var meta = [c.said, c.status].filter(Boolean).join(", ");
      if (meta) item.appendChild(el("span", "geo-claim-meta", " (" + meta + ")"));
      if (c.replaced_by) item.appendChild(el("span", "geo-claim-meta", "; replaced by " + c.replaced_by));
      list.appendChild(item);
    });
    return list;
  }

  GeoMap.util = {
    el: el, escapeHtml: escapeHtml, safeUrl: safeUrl, link: link, colour: colour,
    decodeNumbers: decodeNumbers, decodeInts: decodeInts, column: column, isoDay: isoDay, daySlider: daySlider,
    recordNode: recordNode, sourcesNode: sourcesNode, claimsNode: claimsNode, linkedText: linkedText, MISSING: MISSING
  };
})(window.GeoMap = window.GeoMap || {});
