/* geo map runtime: canvas layers for many incidents.
 *
 * SVG markers stop being usable past a few thousand (one DOM node each). Here
 * incidents live in typed arrays (Web Mercator in [0, 1] computed once), are
 * drawn in one canvas pass per colour class, and are found under the mouse
 * through a uniform grid index, so 100,000 points draw in well under a second
 * and 1,000,000 still open. Records are built only when a point is clicked.
 */
(function (GeoMap) {
  "use strict";
  var U = GeoMap.util;
  var MAX_LAT = 85.0511287798;

  function mercX(lon) { return (lon + 180) / 360; }
  function mercY(lat) {
    var phi = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
    return 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
  }

  // Shared machinery: a canvas in the layer's pane that follows pans and zooms.
  var CanvasLayer = L.Layer.extend({
    options: { padding: 0.25 },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "geo-canvas leaflet-zoom-animated");
      this.getPane().appendChild(this._canvas);
      map.on("moveend viewreset resize", this._reset, this);
      if (map._zoomAnimated) map.on("zoomanim", this._animateZoom, this);
      this._reset();
    },

    onRemove: function (map) {
      map.off("moveend viewreset resize", this._reset, this);
      map.off("zoomanim", this._animateZoom, this);
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
    },

    redraw: function () { if (this._map) this._reset(); return this; },

    _reset: function () {
      var map = this._map, size = map.getSize(), pad = this.options.padding;
      var topLeft = map.containerPointToLayerPoint(size.multiplyBy(-pad)).round();
      var width = Math.round(size.x * (1 + 2 * pad)), height = Math.round(size.y * (1 + 2 * pad));
      // A hidden or not-yet-laid-out container (e.g. a srcdoc iframe) has no size:
      // draw nothing now; Leaflet's "resize" brings us back once it has one.
      if (width <= 0 || height <= 0) { this.drawn = 0; return; }
      var ratio = window.devicePixelRatio || 1, canvas = this._canvas;
      L.DomUtil.setPosition(canvas, topLeft);
      canvas.width = width * ratio; canvas.height = height * ratio;
      canvas.style.width = width + "px"; canvas.style.height = height + "px";
      this._zoom = map.getZoom();
      this._origin = map.getPixelOrigin().add(topLeft);  // world pixel of the canvas' top-left
      this._topLeft = topLeft;
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this._draw(ctx, { width: width, height: height, world: 256 * Math.pow(2, this._zoom), origin: this._origin });
    },

    // During the zoom animation scale the canvas like Leaflet's own renderers do.
    _animateZoom: function (e) {
      var map = this._map, scale = map.getZoomScale(e.zoom, this._zoom);
      var offset = this._origin.multiplyBy(scale).subtract(map._getNewPixelOrigin(e.center, e.zoom));
      L.DomUtil.setTransform(this._canvas, offset, scale);
    },

    // World copies that the canvas shows (usually one: 0).
    _copies: function (view) {
      var first = Math.floor(view.origin.x / view.world), last = Math.floor((view.origin.x + view.width) / view.world);
      var out = [];
      for (var k = first; k <= last; k++) out.push(k);
      return out;
    }
  });

  // Symbol outlines as unit polygons (radius 1), computed once.
  function regular(n, start, inner) {
    var pts = [], count = inner ? n * 2 : n;
    for (var k = 0; k < count; k++) {
      var r = inner && k % 2 ? inner : 1, a = start + k * Math.PI * 2 / count;
      pts.push([Math.cos(a) * r, Math.sin(a) * r]);
    }
    return pts;
  }
  var SHAPES = {
    square: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]],
    triangle: [[0, -1.15], [1.05, 0.75], [-1.05, 0.75]],
    diamond: [[0, -1.2], [1.0, 0], [0, 1.2], [-1.0, 0]],
    star: regular(5, -Math.PI / 2, 0.5).map(function (p) { return [p[0] * 1.25, p[1] * 1.25]; }),
    hexagon: regular(6, 0),
    cross: [[-0.35, -1], [0.35, -1], [0.35, -0.35], [1, -0.35], [1, 0.35], [0.35, 0.35], [0.35, 1], [-0.35, 1],
      [-0.35, 0.35], [-1, 0.35], [-1, -0.35], [-0.35, -0.35]]
  };

  function symbolPath(ctx, symbol, x, y, r) {
    var shape = SHAPES[symbol];
    if (!shape) { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, Math.PI * 2); return; }
    ctx.moveTo(x + shape[0][0] * r, y + shape[0][1] * r);
    for (var k = 1; k < shape.length; k++) ctx.lineTo(x + shape[k][0] * r, y + shape[k][1] * r);
    ctx.closePath();
  }

  // A small canvas showing one symbol, for legends.
  // How far each symbol reaches from its centre, in radii (sprites are cut to fit).
  var EXTENT = { circle: 1, square: 0.85, triangle: 1.15, diamond: 1.2, star: 1.25, hexagon: 1, cross: 1 };

  // `disputed` adds a dashed ring: a figure of this incident is disputed (its claims disagree).
  // `stroke` is the outline: the event type's colour (fixed by its name), default a dark grey.
  function swatch(symbol, fill, r, lineWidth, disputed, stroke) {
    var c = document.createElement("canvas"), ratio = window.devicePixelRatio || 1;
    var size = Math.ceil(2 * (r * (EXTENT[symbol] || 1.25) + (lineWidth || 1) + (disputed ? 4 : 0))) + 1;
    c.width = size * ratio; c.height = size * ratio;
    c.style.width = size + "px"; c.style.height = size + "px";
    c.className = "geo-swatch";
    var ctx = c.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.beginPath(); symbolPath(ctx, symbol, size / 2, size / 2, r);
    ctx.fillStyle = fill; ctx.fill();
    ctx.lineWidth = lineWidth || 1; ctx.strokeStyle = stroke ? U.colour(stroke, "#333333") : "rgba(0,0,0,0.75)"; ctx.stroke();
    if (disputed) {
      ctx.beginPath(); ctx.arc(size / 2, size / 2, r * (EXTENT[symbol] || 1.25) + 2.5, 0, 2 * Math.PI);
      ctx.setLineDash([2.5, 2]); ctx.lineWidth = 1.6; ctx.strokeStyle = "#252525"; ctx.stroke();
    }
    return c;
  }

  // Source-over blending of a sprite into an RGBA buffer (straight alpha, as ImageData holds it).
  // A flat sprite only paints pixels nothing has painted yet: overlapping dots do not add up.
  function blit(buf, W, H, sprite, x0, y0) {
    var px = sprite.px, sw = sprite.w, sh = sprite.h, flat = !!sprite.flat;
    var ya = Math.max(0, -y0), yb = Math.min(sh, H - y0), xa = Math.max(0, -x0), xb = Math.min(sw, W - x0);
    for (var sy = ya; sy < yb; sy++) {
      var s = (sy * sw + xa) * 4, d = ((y0 + sy) * W + x0 + xa) * 4;
      for (var sx = xa; sx < xb; sx++, s += 4, d += 4) {
        var sa = px[s + 3];
        if (sa === 0) continue;
        var da = buf[d + 3];
        if (flat && da !== 0) continue;
        if (sa === 255 || da === 0) {
          buf[d] = px[s]; buf[d + 1] = px[s + 1]; buf[d + 2] = px[s + 2]; buf[d + 3] = sa;
          continue;
        }
        var a = sa / 255, keep = (da / 255) * (1 - a), out = a + keep;
        buf[d] = (px[s] * a + buf[d] * keep) / out;
        buf[d + 1] = (px[s + 1] * a + buf[d + 1] * keep) / out;
        buf[d + 2] = (px[s + 2] * a + buf[d + 2] * keep) / out;
        buf[d + 3] = out * 255;
      }
    }
  }

  // Uniform grid over the points' extent: cell -> point indices (counting sort).
  function GridIndex(X, Y) {
    var n = X.length, minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, i;
    for (i = 0; i < n; i++) {
      if (X[i] < minX) minX = X[i]; if (X[i] > maxX) maxX = X[i];
      if (Y[i] < minY) minY = Y[i]; if (Y[i] > maxY) maxY = Y[i];
    }
    var g = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(n / 4))));
    this.g = g; this.minX = minX; this.minY = minY;
    this.w = Math.max((maxX - minX) / g, 1e-12); this.h = Math.max((maxY - minY) / g, 1e-12);
    var cells = new Int32Array(n), start = new Int32Array(g * g + 1);
    for (i = 0; i < n; i++) { cells[i] = this._cell(X[i], Y[i]); start[cells[i] + 1]++; }
    for (i = 0; i < g * g; i++) start[i + 1] += start[i];
    var fill = start.slice(0, g * g), items = new Int32Array(n);
    for (i = 0; i < n; i++) items[fill[cells[i]]++] = i;
    this.start = start; this.items = items;
  }
  GridIndex.prototype._clamp = function (v) { return Math.max(0, Math.min(this.g - 1, v)); };
  GridIndex.prototype._cell = function (x, y) {
    return this._clamp(Math.floor((y - this.minY) / this.h)) * this.g + this._clamp(Math.floor((x - this.minX) / this.w));
  };
  // Calls visit(i) for every point in cells touching the box [x0, x1] x [y0, y1].
  GridIndex.prototype.each = function (x0, y0, x1, y1, visit) {
    var cx0 = this._clamp(Math.floor((x0 - this.minX) / this.w)), cx1 = this._clamp(Math.floor((x1 - this.minX) / this.w));
    var cy0 = this._clamp(Math.floor((y0 - this.minY) / this.h)), cy1 = this._clamp(Math.floor((y1 - this.minY) / this.h));
    for (var cy = cy0; cy <= cy1; cy++) {
      for (var cx = cx0; cx <= cx1; cx++) {
        var c = cy * this.g + cx;
        for (var k = this.start[c]; k < this.start[c + 1]; k++) visit(this.items[k]);
      }
    }
  };

  // Incidents: symbol by event type, colour by reported fatalities.
  var PointsLayer = CanvasLayer.extend({
    initialize: function (spec, state) {
      var n = spec.n, i;
      this.spec = spec; this.state = state; this.n = n;
      this.lon = U.decodeNumbers(spec.lon, n); this.lat = U.decodeNumbers(spec.lat, n);
      this.X = new Float64Array(n); this.Y = new Float64Array(n);
      for (i = 0; i < n; i++) { this.X[i] = mercX(this.lon[i]); this.Y[i] = mercY(this.lat[i]); }
      this.symbol = spec.symbol ? U.decodeInts(spec.symbol, n) : null;
      this.klass = spec.klass ? U.decodeInts(spec.klass, n) : null;
      this.disputed = spec.disputed ? U.decodeInts(spec.disputed, n) : null;
      this.day = spec.day ? U.decodeNumbers(spec.day, n) : null;
      this.fields = (spec.fields || []).map(function (f) { return { label: f.label, kind: f.kind, get: U.column(f.col, n) }; });
      // Indices grouped by class so each class is one fill; higher classes drawn last (on top).
      var classes = (spec.classes || [{ color: "#3182bd" }]).length, counts = new Int32Array(classes + 1);
      for (i = 0; i < n; i++) counts[(this.klass ? this.klass[i] : 0) + 1]++;
      for (i = 0; i < classes; i++) counts[i + 1] += counts[i];
      this.classStart = counts.slice();
      this.order = new Int32Array(n);
      var fill = counts.slice(0, classes);
      for (i = 0; i < n; i++) this.order[fill[this.klass ? this.klass[i] : 0]++] = i;
      this.index = new GridIndex(this.X, this.Y);
      // What filters and per-incident decorations read (absent columns stay null).
      this.radius_m = U.decodeNumbers(spec.urad, n);
      this.blon = U.decodeNumbers(spec.blon, n); this.blat = U.decodeNumbers(spec.blat, n);
      this.blabel = U.column(spec.blabel, n);  // distance to the border as text, formatted in Python
      this.colors = spec.colors || {};
      this.filter = GeoMap.filters ? new GeoMap.filters.FilterData(spec, n) : null;
      // Fewer pixels per point when there are many, so clusters stay readable.
      this.radius = spec.radius || (n > 200000 ? 2 : n > 20000 ? 3 : n > 2000 ? 4.5 : 7);
      this.drawn = 0;
    },

    visible: function (i) {
      if (this.filter) return this.filter.mask[i] === 1;
      var range = this.state.dayRange;
      if (!range || !this.day) return true;
      var d = this.day[i];
      return d !== d || (d >= range[0] && d <= range[1]);  // undated incidents always show
    },

    radiusOf: function (i) {
      return this.radius * (this.klass ? 1 + 0.12 * Math.max(0, this.klass[i] - 1) : 1);
    },

    // One pre-drawn sprite per symbol, class and size, kept as RGBA pixels.
    // Points are stamped into one pixel buffer and blended by hand, then put
    // on the canvas at once: ~50x faster than a drawImage or arc per point
    // in a software-rendered canvas (100,000 points in tens of milliseconds).
    _sprite: function (symbol, klass, r, disputed, stroke) {
      var key = symbol + "|" + klass + "|" + r + "|" + (disputed ? 1 : 0) + "|" + (stroke || ""), cache = this._sprites || (this._sprites = {});
      if (!cache[key] && symbol === "dot") {
        // A faint ink dot without outline that never darkens what another dot already covers (see blit):
        // over a density layer a dense cloud of them is a light, even stipple and the hexagons' colours
        // read through it unchanged in hue.
        var ink = U.colour((this.colors || {}).ink, "#111111");
        var d = document.createElement("canvas"), size = Math.ceil(2 * r) + 2, dctx;
        d.width = size; d.height = size; dctx = d.getContext("2d");
        dctx.globalAlpha = 0.3; dctx.fillStyle = ink;
        dctx.beginPath(); dctx.arc(size / 2, size / 2, r, 0, 2 * Math.PI); dctx.fill();
        cache[key] = { w: size, h: size, px: dctx.getImageData(0, 0, size, size).data, flat: true };
      }
      if (!cache[key]) {
        var classes = this.spec.classes || [{ color: "#3182bd" }];
        var c = swatch(symbol, U.colour((classes[klass] || classes[0]).color, "#3182bd"), r, this.n > 200000 || r < 2 ? 0.6 : 1,
          disputed, r < 2 ? null : stroke);
        cache[key] = { w: c.width, h: c.height, px: c.getContext("2d").getImageData(0, 0, c.width, c.height).data };
      }
      return cache[key];
    },

    // Over a density layer, points that would pile into a solid mass are drawn as small dots
    // (every one still drawn and clickable) so the density underneath stays readable: when the
    // symbols in view would cover 15% of the canvas, or where they lie they would stack more than
    // 3 deep on average (3,000 events in one province: a small but solid heap). Decided from the
    // points in view that pass the filters, one pass over typed arrays (~1 ms per 100,000).
    _dotted: function (view, copies) {
      if (!this.overDensity || !this.overDensity()) return false;
      var inView = 0, r = this.radius, n = this.n, mask = this.filter ? this.filter.mask : null;
      var X = this.X, Y = this.Y, world = view.world, ox = view.origin.x, oy = view.origin.y;
      var limit = 0.15 * view.width * view.height / (4 * r * r), cell = 2 * r;
      var cols = Math.ceil(view.width / cell) + 1, rows = Math.ceil(view.height / cell) + 1;
      var seen = new Uint8Array(cols * rows), occupied = 0;
      for (var i = 0; i < n; i++) {
        if (mask ? !mask[i] : !this.visible(i)) continue;
        var y = Y[i] * world - oy;
        if (y < 0 || y > view.height) continue;
        for (var m = 0; m < copies.length; m++) {
          var x = (X[i] + copies[m]) * world - ox;
          if (x < 0 || x > view.width) continue;
          inView++;
          var at = Math.floor(y / cell) * cols + Math.floor(x / cell);
          if (!seen[at]) { seen[at] = 1; occupied++; }
        }
        if (inView > limit) return true;
      }
      return inView >= 500 && inView > 3 * occupied;
    },

    // The pixel buffers of a draw, kept between draws of the same canvas size (a filter change
    // redraws the same view: allocating ~20 MB each time made redraws uneven under garbage collection).
    _buffers: function (ctx, W, H) {
      var b = this._buf;
      if (!b || b.W !== W || b.H !== H) {
        b = this._buf = { W: W, H: H, image: ctx.createImageData(W, H), stamped: new Int32Array(W * H), serial: 0 };
      } else {
        b.image.data.fill(0);
      }
      return b;
    },

    _draw: function (ctx, view) {
      var classes = (this.spec.classes || [{ color: "#3182bd" }]).length, symbols = this.spec.symbols || [];
      var copies = this._copies(view), drawn = 0, ratio = window.devicePixelRatio || 1;
      var dots = this.dotted = this._dotted(view, copies);
      var W = ctx.canvas.width, H = ctx.canvas.height, b = this._buffers(ctx, W, H), image = b.image, buf = image.data;
      var mask = this.filter ? this.filter.mask : null;
      // Which sprite was last stamped at each pixel: a second identical stamp
      // at the same place changes nothing, so dense clouds draw much faster.
      // Sprite ids grow across draws, so the kept array needs no clearing.
      var stamped = b.stamped;
      if (b.serial > 2e9) { stamped.fill(0); b.serial = 0; }
      for (var c = 0; c < classes; c++) {
        var spriteCache = [];  // by symbol code, within this class (radius depends on class only)
        for (var k = this.classStart[c]; k < this.classStart[c + 1]; k++) {
          var i = this.order[k];
          if (mask ? !mask[i] : !this.visible(i)) continue;
          var y = this.Y[i] * view.world - view.origin.y;
          if (y < -20 || y > view.height + 20) continue;
          var code = this.symbol ? this.symbol[i] : 0, ring = this.disputed && this.disputed[i] > 0 ? 1 : 0;
          var slot = 2 * code + ring, sprite = spriteCache[slot];
          if (!sprite) {
            var proto = dots ? this._sprite("dot", c, 1.5)
              : this._sprite((symbols[code] || {}).symbol || "circle", c, this.radiusOf(i), ring, (symbols[code] || {}).color);
            sprite = spriteCache[slot] = { w: proto.w, h: proto.h, px: proto.px, flat: proto.flat, id: ++b.serial };
          }
          for (var m = 0; m < copies.length; m++) {
            var x = (this.X[i] + copies[m]) * view.world - view.origin.x;
            if (x < -20 || x > view.width + 20) continue;
            var px = Math.round(x * ratio), py = Math.round(y * ratio), at = py * W + px;
            drawn++;
            if (px >= 0 && py >= 0 && px < W && py < H) {
              if (stamped[at] === sprite.id) continue;
              stamped[at] = sprite.id;
            }
            blit(buf, W, H, sprite, px - (sprite.w >> 1), py - (sprite.h >> 1));
          }
        }
      }
      ctx.putImageData(image, 0, 0);
      this.drawn = drawn;
      this.fire("drawn", { count: drawn });
    },

    // The visible point nearest to a container point, within its symbol (+3 px).
    hit: function (containerPoint) {
      var map = this._map, world = 256 * Math.pow(2, map.getZoom());
      var p = map.containerPointToLayerPoint(containerPoint).add(map.getPixelOrigin());
      var xn = p.x / world, yn = p.y / world;
      xn -= Math.floor(xn);
      var reach = (this.radius * 1.8 + 3) / world, best = -1, bestD = Infinity, self = this;
      var visit = function (i) {
        if (!self.visible(i)) return;
        var dx = (self.X[i] - xn) * world, dy = (self.Y[i] - yn) * world;
        if (dx > world / 2) dx -= world; else if (dx < -world / 2) dx += world;
        var d = Math.sqrt(dx * dx + dy * dy);
        if (d <= self.radiusOf(i) + 3 && d < bestD) { bestD = d; best = i; }
      };
      this.index.each(xn - reach, yn - reach, xn + reach, yn + reach, visit);
      if (xn < reach) this.index.each(xn + 1 - reach, yn - reach, 1, yn + reach, visit);
      if (xn > 1 - reach) this.index.each(0, yn - reach, xn - 1 + reach, yn + reach, visit);
      return best;
    },

    latLngOf: function (i) { return L.latLng(this.lat[i], this.lon[i]); },

    // Title of a record: the first present heading field (location, else id).
    heading: function (i) {
      var order = this.spec.heading || [];
      for (var k = 0; k < order.length; k++) {
        var f = this.fields[order[k]], v = f && f.get(i);
        if (v) return v;
      }
      return "Incident " + (i + 1);
    },

    recordOf: function (i) {
      var rows = [];
      this.fields.forEach(function (f) {
        if (f.kind === "heading" || f.kind === "tip") return;  // titles the record / shown on hover only
        var v = f.get(i);
        rows.push([f.label, v === null ? null : f.kind === "sources" ? { sources: v } : f.kind === "claims" ? { claims: v } : v]);
      });
      rows.push(["Coordinates", this.lat[i].toFixed(5) + ", " + this.lon[i].toFixed(5) + " (lat, lon)"]);
      var sources = this.spec.sources || {};
      return U.recordNode(this.heading(i), rows, function (v) {
        return v.claims !== undefined ? U.claimsNode(v.claims) : U.sourcesNode(v.sources, sources);
      });
    },

    tipOf: function (i) {
      var self = this, box = U.el("div", "geo-tip");
      box.appendChild(U.el("strong", null, this.heading(i) || ""));
      (this.spec.tip || []).forEach(function (k) {
        var f = self.fields[k], v = f && f.get(i);
        if (v) box.appendChild(U.el("div", null, v));
      });
      return box;
    }
  });

  function inCanvas(x, y, view) { return x >= 0 && x <= view.width && y >= 0 && y <= view.height; }

  // Lines from each incident to its nearest border point, labelled in km when few are in view.
  var LinksLayer = CanvasLayer.extend({
    initialize: function (spec, state) {
      var n = spec.n, i;
      this.spec = spec; this.state = state; this.n = n;
      var lon = U.decodeNumbers(spec.lon, n), lat = U.decodeNumbers(spec.lat, n);
      var lon2 = U.decodeNumbers(spec.lon2, n), lat2 = U.decodeNumbers(spec.lat2, n);
      this.label = U.column(spec.label, n);  // distance as text, formatted once in Python
      this.day = spec.day ? U.decodeNumbers(spec.day, n) : null;
      this.X1 = new Float64Array(n); this.Y1 = new Float64Array(n); this.X2 = new Float64Array(n); this.Y2 = new Float64Array(n);
      for (i = 0; i < n; i++) {
        this.X1[i] = mercX(lon[i]); this.Y1[i] = mercY(lat[i]);
        var x2 = mercX(lon2[i]);
        if (x2 - this.X1[i] > 0.5) x2 -= 1; else if (this.X1[i] - x2 > 0.5) x2 += 1;  // short way across 180
        this.X2[i] = x2; this.Y2[i] = mercY(lat2[i]);
      }
      this.drawn = 0;
    },

    visible: function (i) {
      if (this.points && this.points.filter) return this.points.filter.mask[i] === 1;
      return PointsLayer.prototype.visible.call(this, i);
    },

    _draw: function (ctx, view) {
      var copies = this._copies(view), shown = [], i, w;
      for (i = 0; i < this.n; i++) {
        if (!this.visible(i) || this.X2[i] !== this.X2[i] || this.Y2[i] !== this.Y2[i]) continue;
        var y1 = this.Y1[i] * view.world - view.origin.y, y2 = this.Y2[i] * view.world - view.origin.y;
        if (Math.max(y1, y2) < 0 || Math.min(y1, y2) > view.height) continue;
        for (w = 0; w < copies.length; w++) {
          var x1 = (this.X1[i] + copies[w]) * view.world - view.origin.x, x2 = (this.X2[i] + copies[w]) * view.world - view.origin.x;
          if (Math.max(x1, x2) < 0 || Math.min(x1, x2) > view.width) continue;
          // Zoomed in, a line whose incident and border point both lie off the canvas crossed the
          // window as a straight dark line through nothing: draw a link only with one of its ends.
          if (!inCanvas(x1, y1, view) && !inCanvas(x2, y2, view)) continue;
          shown.push([i, x1, y1, x2, y2]);
        }
      }
      ctx.lineCap = "round";
      // A white halo under a dark dashed line reads on land, water and tiles alike.
      [["rgba(255,255,255,0.85)", 4, []], ["#252525", 1.6, [6, 4]]].forEach(function (pass) {
        ctx.beginPath();
        shown.forEach(function (s) { ctx.moveTo(s[1], s[2]); ctx.lineTo(s[3], s[4]); });
        ctx.strokeStyle = pass[0]; ctx.lineWidth = pass[1]; ctx.setLineDash(pass[2]); ctx.stroke();
      });
      ctx.setLineDash([]);
      ctx.beginPath();
      shown.forEach(function (s) { ctx.moveTo(s[3] + 3.5, s[4]); ctx.arc(s[3], s[4], 3.5, 0, Math.PI * 2); });
      ctx.fillStyle = "#ffffff"; ctx.fill(); ctx.strokeStyle = (this.spec.colors || {}).border || "#d7191c"; ctx.lineWidth = 1.5; ctx.stroke();
      if (shown.length <= 300) {
        var self = this;
        ctx.font = "600 12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
        ctx.textAlign = "center"; ctx.textBaseline = "middle";
        shown.forEach(function (s) {
          var text = self.label(s[0]) || "", x = (s[1] + s[3]) / 2, y = (s[2] + s[4]) / 2;
          var width = ctx.measureText(text).width + 8;
          ctx.fillStyle = "rgba(255,255,255,0.92)"; ctx.fillRect(x - width / 2, y - 9, width, 18);
          ctx.strokeStyle = "#252525"; ctx.lineWidth = 1; ctx.strokeRect(x - width / 2, y - 9, width, 18);
          ctx.fillStyle = "#111111"; ctx.fillText(text, x, y);
        });
      }
      this.drawn = shown.length;
      this.fire("drawn", { count: shown.length });
    }
  });

  // The bundled countries: all land in one even-odd path (no seams between
  // neighbours), borders as thin lines. Drawn straight from Mercator arrays,
  // which is several times faster than Leaflet polygons of 100,000 vertices.
  var BasemapLayer = CanvasLayer.extend({
    options: { padding: 0.5 },
    initialize: function (rings, lines) {
      this.rings = rings.map(project); this.lines = lines.map(project);
      function project(r) {
        var out = new Float64Array(r.length * 2);
        for (var k = 0; k < r.length; k++) { out[2 * k] = mercX(r[k][1]); out[2 * k + 1] = mercY(r[k][0]); }
        return out;
      }
    },
    _trace: function (ctx, view, parts, close) {
      var copies = this._copies(view);
      for (var w = 0; w < copies.length; w++) {
        var ox = view.origin.x - copies[w] * view.world, oy = view.origin.y, s = view.world;
        for (var p = 0; p < parts.length; p++) {
          var a = parts[p], lastX = NaN, lastY = NaN;
          ctx.moveTo(a[0] * s - ox, a[1] * s - oy);
          for (var k = 2; k < a.length; k += 2) {
            var x = a[k] * s - ox, y = a[k + 1] * s - oy;
            // Skip vertices closer than half a pixel to the last one drawn.
            if (Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5 && k < a.length - 2) continue;
            ctx.lineTo(x, y); lastX = x; lastY = y;
          }
          if (close) ctx.closePath();
        }
      }
    },
    _draw: function (ctx, view) {
      ctx.beginPath(); this._trace(ctx, view, this.rings, true);
      ctx.fillStyle = "#f4f1ea"; ctx.fill("evenodd");
      ctx.beginPath(); this._trace(ctx, view, this.lines, false);
      ctx.strokeStyle = "#a39e93"; ctx.lineWidth = 1; ctx.lineJoin = "round"; ctx.stroke();
      this.drawn = this.rings.length;
    }
  });

  GeoMap.canvas = { BasemapLayer: BasemapLayer, CanvasLayer: CanvasLayer, PointsLayer: PointsLayer, LinksLayer: LinksLayer, swatch: swatch,
    symbolPath: symbolPath, GridIndex: GridIndex, mercX: mercX, mercY: mercY };
})(window.GeoMap = window.GeoMap || {});
