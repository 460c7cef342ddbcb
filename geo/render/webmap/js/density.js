/* geo map runtime: a hexbin density of the incidents that honours location precision.
 *
 * Hexagons are laid out in world pixels at the current zoom (stable while
 * panning). An incident whose uncertainty circle is smaller than a hexagon
 * counts 1 in its hexagon; one known only to a wider area (a town, a region)
 * is spread evenly over every hexagon whose centre lies in its circle, so a
 * region-level event does not pile onto a provincial capital. Each incident
 * adds exactly 1 in total (`total` is the number of incidents shown, a test
 * checks it); the colour is events per 100 km², each hexagon's area taken at
 * its own latitude (Web Mercator pixels shrink on the ground towards the poles).
 */
(function (GeoMap) {
  "use strict";
  var U = GeoMap.util, K = GeoMap.canvas;
  var SQRT3 = Math.sqrt(3), EARTH_CIRCUMFERENCE_M = 40075016.686;

  function latOfY(y) { return Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI; }

  // Two significant digits, readable: 0.012, 0.5, 3.2, 48, 1,200.
  function nice(v) {
    if (!(v > 0)) return 0;
    var p = Math.pow(10, Math.floor(Math.log10(v)) - 1);
    return Math.round(v / p) * p;
  }
  function label(v) {
    if (v >= 100) return Math.round(v).toLocaleString("en");
    return String(+v.toPrecision(2));
  }

  var DensityLayer = K.CanvasLayer.extend({
    // points: the incidents PointsLayer (its coordinates, radii and filter mask); spec: {colors, hex}
    initialize: function (points, spec) {
      this.points = points; this.spec = spec;
      this.size = spec.hex || 14;  // hexagon radius (centre to corner) in CSS pixels
      this.colors = spec.colors;
      this.total = 0; this.breaks = []; this.drawn = 0;
    },

    _accumulate: function (view) {
      var P = this.points, n = P.n, R = this.size, w = R * SQRT3, h = 1.5 * R, world = view.world;
      var mask = P.filter ? P.filter.mask : null, radius = P.radius_m;
      var bins = new Map(), total = 0, off = 0;
      var x0 = view.origin.x - 2 * R, x1 = view.origin.x + view.width + 2 * R;
      var y0 = view.origin.y - 2 * R, y1 = view.origin.y + view.height + 2 * R;
      var mPerPx = EARTH_CIRCUMFERENCE_M / world;
      function add(q, r, v) {
        var key = (q + 1048576) * 2097152 + (r + 1048576);
        bins.set(key, (bins.get(key) || 0) + v);
      }
      for (var i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        total += 1;
        var px = P.X[i] * world, py = P.Y[i] * world;
        var rm = radius ? radius[i] : NaN;
        var rpx = rm === rm && rm > 0 ? rm / (mPerPx * Math.cos(P.lat[i] * Math.PI / 180)) : 0;
        if (py + rpx < y0 || py - rpx > y1 || px + rpx < x0 || px - rpx > x1) { off += 1; continue; }  // off the canvas
        if (rpx < 0.6 * R) {
          var rr = Math.round(py / h), qq = Math.round(px / w - rr / 2);
          // nearest of the candidate centres (hex rounding)
          var best = null, bd = Infinity;
          for (var dr = -1; dr <= 1; dr++) for (var dq = -1; dq <= 1; dq++) {
            var r2 = rr + dr, q2 = qq + dq, cx = w * (q2 + r2 / 2), cy = h * r2, d = (cx - px) * (cx - px) + (cy - py) * (cy - py);
            if (d < bd) { bd = d; best = [q2, r2]; }
          }
          add(best[0], best[1], 1);
          continue;
        }
        // Spread over the hexagons whose centres lie within the circle: count them all
        // (row by row, exactly), materialise only those near the canvas.
        var rows = [], count = 0, rTop = Math.ceil((py - rpx) / h), rBot = Math.floor((py + rpx) / h), r;
        for (r = rTop; r <= rBot; r++) {
          var dy = h * r - py, half = Math.sqrt(Math.max(0, rpx * rpx - dy * dy));
          var qa = Math.ceil((px - half) / w - r / 2), qb = Math.floor((px + half) / w - r / 2);
          if (qb >= qa) { rows.push([r, qa, qb]); count += qb - qa + 1; }
        }
        if (!count) {  // a circle between centres: its own hexagon
          var r0 = Math.round(py / h);
          add(Math.round(px / w - r0 / 2), r0, 1);
          continue;
        }
        var share = 1 / count, placed = 0;
        for (var k = 0; k < rows.length; k++) {
          r = rows[k][0];
          var cy2 = h * r;
          if (cy2 < y0 || cy2 > y1) continue;
          var qlo = Math.max(rows[k][1], Math.ceil(x0 / w - r / 2)), qhi = Math.min(rows[k][2], Math.floor(x1 / w - r / 2));
          for (var q = qlo; q <= qhi; q++) { add(q, r, share); placed++; }
        }
        off += (count - placed) * share;
      }
      var binned = 0;
      bins.forEach(function (v) { binned += v; });
      this.shown = total;      // incidents passing the filters
      this.binned = binned;    // their weight in the hexagons on the canvas
      this.total = binned + off;  // == shown: every incident adds exactly 1
      return bins;
    },

    _draw: function (ctx, view) {
      var R = this.size, w = R * SQRT3, h = 1.5 * R, world = view.world;
      var bins = this._accumulate(view), cells = [], self = this;
      var pxArea = 1.5 * SQRT3 * R * R, mPerPx = EARTH_CIRCUMFERENCE_M / world;
      bins.forEach(function (v, key) {
        var q = Math.floor(key / 2097152) - 1048576, r = key % 2097152 - 1048576;
        var cx = w * (q + r / 2), cy = h * r, lat = latOfY(cy / world);
        var scale = mPerPx * Math.cos(lat * Math.PI / 180);
        var km2 = pxArea * scale * scale / 1e6;
        cells.push([cx - view.origin.x, cy - view.origin.y, v / km2 * 100]);  // events per 100 km²
      });
      this.breaks = this._breaks(cells);
      var colors = this.colors, breaks = this.breaks;
      var paths = colors.map(function () { return new Path2D(); });
      cells.forEach(function (c) {
        var k = 0;
        while (k < breaks.length && c[2] >= breaks[k]) k++;
        var p = paths[Math.min(k, colors.length - 1)];
        for (var j = 0; j < 6; j++) {
          var a = Math.PI / 180 * (60 * j - 30), x = c[0] + R * Math.cos(a), y = c[1] + R * Math.sin(a);
          if (j === 0) p.moveTo(x, y); else p.lineTo(x, y);
        }
        p.closePath();
      });
      // The lightest class (a few events, or wide uncertainty spread thin) stays see-through, so a
      // country-wide smear of imprecise events does not hide the map under it.
      paths.forEach(function (p, k) {
        ctx.globalAlpha = k === 0 ? 0.35 : 0.78;
        ctx.fillStyle = U.colour(colors[k], "#3182bd"); ctx.fill(p);
      });
      ctx.globalAlpha = 1;
      this.cells = cells.length;
      this.drawn = cells.length;
      this.fire("drawn", { count: cells.length, breaks: breaks });
      if (self.onLegend) self.onLegend(this.legendItems());
    },

    // Class limits: halvings down from the densest hexagon in view (max/2, max/4, ...), rounded to
    // two significant digits. Relative to the maximum, not quantiles: an even spread stays one or two
    // classes instead of noise turned into blotches.
    _breaks: function (cells) {
      var k = this.colors.length, top = 0;
      cells.forEach(function (c) { if (c[2] > top) top = c[2]; });
      if (!(top > 0)) return [];
      var out = [];
      for (var j = k - 1; j >= 1; j--) {
        var v = nice(top / Math.pow(2, j));
        if (v > 0 && (!out.length || v > out[out.length - 1])) out.push(v);
      }
      return out;
    },

    legendItems: function () {
      var b = this.breaks, colors = this.colors, items = [];
      for (var k = 0; k <= b.length; k++) {
        var text = k === 0 ? "under " + label(b[0]) : k === b.length ? label(b[k - 1]) + " or more" : label(b[k - 1]) + "–" + label(b[k]);
        if (!b.length) text = "any";
        var sw = U.el("span", "geo-swatch geo-swatch-box");
        sw.style.backgroundColor = U.colour(colors[Math.min(k, colors.length - 1)], "#3182bd");
        sw.style.opacity = k === 0 ? "0.35" : "0.78";
        items.push({ label: text, swatch: sw });
      }
      return items;
    }
  });

  GeoMap.density = { DensityLayer: DensityLayer };
})(window.GeoMap = window.GeoMap || {});
