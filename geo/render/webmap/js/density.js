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

    // Weights per hexagon on the canvas, in a typed grid over the canvas (offset rows: column
    // q + floor(r / 2)), rebuilt each draw: one pass over the incidents, no per-hexagon objects.
    _accumulate: function (view) {
      var P = this.points, n = P.n, R = this.size, w = R * SQRT3, h = 1.5 * R, world = view.world;
      var mask = P.filter ? P.filter.mask : null, radius = P.radius_m, X = P.X, Y = P.Y, cosLat = this._cos();
      var total = 0, off = 0;
      var x0 = view.origin.x - 2 * R, x1 = view.origin.x + view.width + 2 * R;
      var y0 = view.origin.y - 2 * R, y1 = view.origin.y + view.height + 2 * R;
      var rMin = Math.floor(y0 / h) - 2, rMax = Math.ceil(y1 / h) + 2, cMin = Math.floor(x0 / w) - 2, cMax = Math.ceil(x1 / w) + 2;
      var nc = cMax - cMin + 1, nr = rMax - rMin + 1, grid = new Float64Array(nc * nr);
      var mPerPx = EARTH_CIRCUMFERENCE_M / world;
      function add(q, r, v) {
        var col = q + Math.floor(r / 2) - cMin, row = r - rMin;
        if (col < 0 || col >= nc || row < 0 || row >= nr) { off += v; return; }
        grid[row * nc + col] += v;
      }
      for (var i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        total += 1;
        var px = X[i] * world, py = Y[i] * world;
        var rm = radius ? radius[i] : NaN;
        var rpx = rm === rm && rm > 0 ? rm / (mPerPx * cosLat[i]) : 0;
        if (py + rpx < y0 || py - rpx > y1 || px + rpx < x0 || px - rpx > x1) { off += 1; continue; }  // off the canvas
        if (rpx < 0.6 * R) {
          var rr = Math.round(py / h), qq = Math.round(px / w - rr / 2), bq = qq, br = rr, bd = Infinity;
          // nearest of the candidate centres (hex rounding)
          for (var dr = -1; dr <= 1; dr++) for (var dq = -1; dq <= 1; dq++) {
            var r2 = rr + dr, q2 = qq + dq, cx = w * (q2 + r2 / 2), cy = h * r2, d = (cx - px) * (cx - px) + (cy - py) * (cy - py);
            if (d < bd) { bd = d; bq = q2; br = r2; }
          }
          add(bq, br, 1);
          continue;
        }
        // Spread over the hexagons whose centres lie within the circle: count them all
        // (row by row, exactly), then add to those near the canvas.
        var count = 0, rTop = Math.ceil((py - rpx) / h), rBot = Math.floor((py + rpx) / h), r, dy, half, qa, qb;
        for (r = rTop; r <= rBot; r++) {
          dy = h * r - py; half = Math.sqrt(Math.max(0, rpx * rpx - dy * dy));
          qa = Math.ceil((px - half) / w - r / 2); qb = Math.floor((px + half) / w - r / 2);
          if (qb >= qa) count += qb - qa + 1;
        }
        if (!count) {  // a circle between centres: its own hexagon
          var r0 = Math.round(py / h);
          add(Math.round(px / w - r0 / 2), r0, 1);
          continue;
        }
        var share = 1 / count, placed = 0;
        for (r = Math.max(rTop, Math.ceil(y0 / h)); r <= Math.min(rBot, Math.floor(y1 / h)); r++) {
          dy = h * r - py; half = Math.sqrt(Math.max(0, rpx * rpx - dy * dy));
          qa = Math.ceil((px - half) / w - r / 2); qb = Math.floor((px + half) / w - r / 2);
          var qlo = Math.max(qa, Math.ceil(x0 / w - r / 2)), qhi = Math.min(qb, Math.floor(x1 / w - r / 2));
          for (var q = qlo; q <= qhi; q++) { add(q, r, share); placed++; }
        }
        off += (count - placed) * share;
      }
      var binned = 0;
      for (var k = 0; k < grid.length; k++) binned += grid[k];
      this.shown = total;      // incidents passing the filters
      this.binned = binned;    // their weight in the hexagons on the canvas
      this.total = binned + off;  // == shown: every incident adds exactly 1
      return { grid: grid, nc: nc, rMin: rMin, cMin: cMin };
    },

    // cos(latitude) of each incident, computed once (ground metres per pixel shrink with it).
    _cos: function () {
      if (!this._cosLat) {
        var lat = this.points.lat, out = new Float64Array(lat.length);
        for (var i = 0; i < lat.length; i++) out[i] = Math.cos(lat[i] * Math.PI / 180);
        this._cosLat = out;
      }
      return this._cosLat;
    },

    _draw: function (ctx, view) {
      var R = this.size, w = R * SQRT3, h = 1.5 * R, world = view.world;
      var bins = this._accumulate(view), cells = [], self = this, grid = bins.grid, nc = bins.nc;
      var pxArea = 1.5 * SQRT3 * R * R, mPerPx = EARTH_CIRCUMFERENCE_M / world, rowKm2 = -1, rowAt = null;
      for (var k = 0; k < grid.length; k++) {
        var v = grid[k];
        if (!(v > 0)) continue;
        var r = bins.rMin + Math.floor(k / nc), col = bins.cMin + k % nc, q = col - Math.floor(r / 2);
        var cx = w * (q + r / 2), cy = h * r;
        if (rowAt !== r) {  // one latitude per row of hexagons
          var scale = mPerPx * Math.cos(latOfY(cy / world) * Math.PI / 180);
          rowKm2 = pxArea * scale * scale / 1e6; rowAt = r;
        }
        cells.push([cx - view.origin.x, cy - view.origin.y, v / rowKm2 * 100]);  // events per 100 km²
      }
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

    // No classes when no incident is in view (all filtered out, or panned away): one line that says so.
    legendItems: function () {
      var b = this.breaks, colors = this.colors, items = [];
      for (var k = 0; k <= b.length; k++) {
        var text = !b.length ? "none in view" : k === 0 ? "under " + label(b[0]) :
          k === b.length ? label(b[k - 1]) + " or more" : label(b[k - 1]) + "–" + label(b[k]);
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
