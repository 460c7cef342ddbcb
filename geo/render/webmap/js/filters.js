/* geo map runtime: filters over the incidents (date range with playback, event
 * type, actor, reported fatalities, location precision, distance band).
 *
 * The filter state is one object; each incidents layer turns it into a mask
 * (one byte per incident, recomputed in a single pass when a filter changes),
 * and every layer that draws incidents (symbols, density, border lines)
 * redraws from that mask. Counts of what is shown update with it. Undated
 * incidents always pass the date filter; missing values pass every filter
 * that is not set. All text is set with textContent.
 */
(function (GeoMap) {
  "use strict";
  var U = GeoMap.util;

  // The codes an incidents layer carries for filtering (decoded once).
  function FilterData(spec, n) {
    this.n = n;
    this.day = spec.day ? U.decodeNumbers(spec.day, n) : null;
    this.type = spec.symbol ? U.decodeInts(spec.symbol, n) : null;
    this.fat = spec.fat ? U.decodeNumbers(spec.fat, n) : null;
    this.prec = spec.prec ? U.decodeNumbers(spec.prec, n) : null;
    this.band = spec.band ? U.decodeInts(spec.band.c, n) : null;
    this.actor = spec.actors ? U.decodeInts(spec.actors.mask, n) : null;
    this.mask = new Uint8Array(n).fill(1);
    this.shown = n;
  }

  // Recompute the mask for filter state `f`; returns how many incidents pass.
  FilterData.prototype.apply = function (f) {
    var n = this.n, mask = this.mask, shown = 0, i;
    var days = f.days && this.day ? f.days : null;
    var types = f.types && this.type ? toSet(f.types) : null;
    var bands = f.bands && this.band ? toSet(f.bands) : null;
    var precs = f.precision && this.prec ? toSet(f.precision) : null;
    var fat = f.fatalities && this.fat ? f.fatalities : null;
    var actorBits = 0;
    if (f.actors && this.actor) f.actors.forEach(function (k) { actorBits |= 1 << k; });
    for (i = 0; i < n; i++) {
      var ok = 1, v;
      if (days) { v = this.day[i]; if (v === v && (v < days[0] || v > days[1])) ok = 0; }
      if (ok && types && !types[this.type[i]]) ok = 0;
      if (ok && bands && !bands[this.band[i] + 1]) ok = 0;           // code -1 (no band) is key 0
      if (ok && precs) { v = this.prec[i]; if (!precs[v === v ? v : 0]) ok = 0; }  // 0: not given
      if (ok && fat) { v = this.fat[i]; if (!(v >= fat[0] && v <= fat[1])) ok = 0; }
      if (ok && f.actors && this.actor && !(this.actor[i] & actorBits)) ok = 0;
      mask[i] = ok; shown += ok;
    }
    this.shown = shown;
    return shown;
  };

  function toSet(list) {
    var out = {};
    list.forEach(function (k) { out[k] = true; });
    return out;
  }

  function fmt(n) { return Number(n).toLocaleString("en"); }

  function checkboxes(title, items, onChange) {
    var box = U.el("fieldset", "geo-filter-group");
    box.appendChild(U.el("legend", null, title));
    var inputs = items.map(function (item) {
      var label = U.el("label", "geo-filter-option"), input = U.el("input");
      input.type = "checkbox"; input.checked = true; input.value = String(item.key);
      input.addEventListener("change", onChange);
      label.appendChild(input);
      label.appendChild(U.el("span", null, item.label));
      var count = U.el("span", "geo-filter-count");
      label.appendChild(count);
      box.appendChild(label);
      return { input: input, count: count, key: item.key };
    });
    return { node: box, inputs: inputs };
  }

  // The checked keys, or null when all are checked (no filter).
  function chosen(group) {
    var keys = group.inputs.filter(function (x) { return x.input.checked; }).map(function (x) { return x.key; });
    return keys.length === group.inputs.length ? null : keys;
  }

  var Filters = L.Control.extend({
    options: { position: "bottomleft" },

    // layer: the incidents PointsLayer; state: shared map state; onChange: redraw callback.
    initialize: function (layer, state, onChange, options) {
      L.setOptions(this, options);
      this.layer = layer; this.state = state; this.onChange = onChange;
      this.data = layer.filter;
      state.filter = state.filter || {};
      var days = this.data.day, first = Infinity, last = -Infinity;
      if (days) for (var i = 0; i < days.length; i++) if (days[i] === days[i]) { first = Math.min(first, days[i]); last = Math.max(last, days[i]); }
      this.first = first; this.last = last;
    },

    // What can be filtered: used by tests and benchmarks.
    spec: function () {
      var s = this.layer.spec;
      return { n: this.data.n, days: isFinite(this.first) ? [this.first, this.last] : null,
        types: (s.symbols || []).map(function (t, k) { return { code: k, label: t.label }; }),
        actors: s.actors ? s.actors.names : [], bands: s.band ? s.band.d : [] };
    },

    onAdd: function () {
      var box = GeoMap.controls.panel("geo-time geo-filters"), self = this, spec = this.layer.spec;
      this.count = U.el("div", "geo-filter-shown");
      box.appendChild(this.count);
      if (isFinite(this.first) && this.last > this.first) {
        box.appendChild(U.el("div", "geo-time-title", "Incidents between"));
        this.label = U.el("div", "geo-time-label");
        this.from = this._slider(this.first, "From day");
        this.to = this._slider(this.last, "To day");
        box.appendChild(this.label); box.appendChild(this.from); box.appendChild(this.to);
        var busy = false, dirty = false;
        var apply = function () { self._days(+self.from.value, +self.to.value); };
        var update = function (e) {
          var a = +self.from.value, b = +self.to.value;
          if (a > b) { if (e && e.target === self.from) self.to.value = a; else self.from.value = b; }
          self.label.textContent = U.isoDay(+self.from.value) + " to " + U.isoDay(+self.to.value);
          // A dragged slider fires input events faster than the map can redraw: the first change
          // applies at once, later ones in the same frame are folded into one at the next frame.
          if (busy) { dirty = true; return; }
          apply();
          busy = true;
          L.Util.requestAnimFrame(function () { busy = false; if (dirty) { dirty = false; apply(); } });
        };
        this.from.addEventListener("input", update); this.to.addEventListener("input", update);
        this.play = U.el("button", "geo-button geo-play", "Play");
        this.play.type = "button";
        this.play.title = "Step the date window through the whole period";
        this.play.addEventListener("click", function () { self.togglePlay(); });
        box.appendChild(this.play);
        this.label.textContent = U.isoDay(this.first) + " to " + U.isoDay(this.last);
      }
      var more = U.el("button", "geo-filter-toggle", "More filters");
      more.type = "button";
      more.setAttribute("aria-expanded", "false");
      var body = this.body = U.el("div", "geo-filter-body");
      body.hidden = true;
      more.addEventListener("click", function () {
        body.hidden = !body.hidden;
        more.setAttribute("aria-expanded", String(!body.hidden));
      });
      box.appendChild(more); box.appendChild(body);
      var changed = function () { self._fromInputs(); };
      this.groups = {};
      if (spec.symbols && spec.symbols.length > 1) {
        this.groups.types = checkboxes("Event type", spec.symbols.map(function (t, k) { return { key: k, label: t.label }; }), changed);
      }
      if (spec.actors && spec.actors.names.length) {
        this.groups.actors = checkboxes("Actor", spec.actors.names.map(function (a, k) { return { key: k, label: a }; }), changed);
      }
      if (spec.prec) {
        this.groups.precision = checkboxes("Location known to", [
          { key: 1, label: "exact site" }, { key: 2, label: "a named town" }, { key: 3, label: "a region only" },
          { key: 0, label: "not given" }], changed);
      }
      if (spec.band && spec.band.d.length) {
        var bands = spec.band.d.map(function (label, k) { return { key: k + 1, label: label }; });
        bands.push({ key: 0, label: "beyond the bands" });
        this.groups.bands = checkboxes("Distance to border", bands, changed);
      }
      Object.keys(this.groups).forEach(function (k) { body.appendChild(self.groups[k].node); });
      if (spec.fat) {
        var group = U.el("fieldset", "geo-filter-group");
        group.appendChild(U.el("legend", null, "Reported fatalities (lowest figure)"));
        this.fatLo = this._number("at least"); this.fatHi = this._number("at most");
        [this.fatLo, this.fatHi].forEach(function (input) {
          input.addEventListener("input", changed);
          group.appendChild(input.parentNode);
        });
        body.appendChild(group);
      }
      var reset = U.el("button", "geo-button", "Show all");
      reset.type = "button";
      reset.addEventListener("click", function () { self.reset(); });
      body.appendChild(reset);
      this._counts();
      return box;
    },

    _slider: function (value, label) { return U.daySlider(this.first, this.last, value, label); },

    _number: function (label) {
      var wrap = U.el("label", "geo-filter-number"), input = U.el("input");
      input.type = "number"; input.min = 0; input.step = 1; input.placeholder = label;
      input.setAttribute("aria-label", "Fatalities " + label);
      wrap.appendChild(U.el("span", null, label + " "));
      wrap.appendChild(input);
      return input;
    },

    _days: function (a, b) {
      this.label.textContent = U.isoDay(a) + " to " + U.isoDay(b);
      this.set({ days: a === this.first && b === this.last ? null : [a, b] });
    },

    _fromInputs: function () {
      var g = this.groups, f = {};
      ["types", "actors", "precision", "bands"].forEach(function (k) { if (g[k]) f[k] = chosen(g[k]); });
      if (this.fatLo) {
        var lo = this.fatLo.value === "" ? -Infinity : +this.fatLo.value;
        var hi = this.fatHi.value === "" ? Infinity : +this.fatHi.value;
        f.fatalities = lo === -Infinity && hi === Infinity ? null : [lo, hi];
      }
      this._fromPanel = true;
      try { this.set(f); } finally { this._fromPanel = false; }
    },

    // Change some filters ({days, types, actors, fatalities, precision, bands}; null clears one) and redraw.
    set: function (changes) {
      var f = this.state.filter;
      Object.keys(changes).forEach(function (k) { f[k] = changes[k]; });
      this.state.dayRange = f.days || null;
      if (this.from && changes.days !== undefined) {
        var d = f.days || [this.first, this.last];
        this.from.value = d[0]; this.to.value = d[1];
        this.label.textContent = U.isoDay(d[0]) + " to " + U.isoDay(d[1]);
      }
      // A change made from a script shows in the panel too.
      var groups = this._fromPanel ? {} : this.groups || {};
      Object.keys(groups).forEach(function (k) {
        if (changes[k] === undefined) return;
        groups[k].inputs.forEach(function (x) { x.input.checked = !f[k] || f[k].indexOf(x.key) >= 0; });
      });
      if (this.fatLo && !this._fromPanel && changes.fatalities !== undefined) {
        var fat = f.fatalities || [-Infinity, Infinity];
        this.fatLo.value = isFinite(fat[0]) ? fat[0] : ""; this.fatHi.value = isFinite(fat[1]) && fat[1] < 1e9 ? fat[1] : "";
      }
      this.data.apply(f);
      this._counts();
      this.onChange();
      return this.data.shown;
    },

    reset: function () {
      Object.keys(this.groups).forEach(function (k) { this.groups[k].inputs.forEach(function (x) { x.input.checked = true; }); }, this);
      if (this.fatLo) { this.fatLo.value = ""; this.fatHi.value = ""; }
      this.stop();
      this.set({ days: null, types: null, actors: null, fatalities: null, precision: null, bands: null });
    },

    // "1,234 of 100,000 incidents shown", and per option the incidents it holds among those shown.
    _counts: function () {
      var d = this.data, n = d.n, mask = d.mask, self = this;
      this.count.textContent = fmt(d.shown) + " of " + fmt(n) + " incidents shown";
      var g = this.groups, nt = g.types ? g.types.inputs.length : 0, nb = g.bands ? g.bands.inputs.length : 0;
      var t = new Int32Array(nt + 1), bd = new Int32Array(nb + 1), p = new Int32Array(4), a = new Int32Array(32);
      var types = g.types ? d.type : null, bands = g.bands ? d.band : null, precs = g.precision ? d.prec : null;
      var actors = g.actors ? d.actor : null;
      // One pass over the incidents for every group's counts.
      for (var i = 0; i < n; i++) {
        if (!mask[i]) continue;
        var c;
        if (types) { c = types[i]; if (c >= 0 && c < nt) t[c]++; }
        if (bands) { c = bands[i] + 1; if (c >= 0 && c < nb) bd[c]++; }
        if (precs) { c = precs[i]; p[c >= 1 && c <= 3 ? c : 0]++; }
        if (actors) { for (var bits = actors[i], b = 0; bits; b++, bits >>>= 1) if (bits & 1) a[b]++; }
      }
      var put = function (group, counts) {
        if (!group) return;
        group.inputs.forEach(function (x) { x.count.textContent = " " + fmt(counts[x.key] || 0); });
      };
      put(g.types, t); put(g.bands, bd); put(g.precision, p); put(g.actors, a);
    },

    // Playback: a window of a tenth of the period (at least a week) steps from the first day to the last.
    togglePlay: function () { if (this._timer) this.stop(); else this.start(); },
    start: function () {
      var self = this, span = this.last - this.first, width = Math.max(7, Math.round(span / 10));
      var step = Math.max(1, Math.round(span / 60)), at = this.first;
      this.play.textContent = "Pause";
      this.play.classList.add("geo-active");
      var tick = function () {
        var b = Math.min(self.last, at + width);
        self.set({ days: [at, b] });
        if (b >= self.last) { self.stop(); return; }
        at += step;
        self._timer = setTimeout(tick, 250);
      };
      tick();
    },
    stop: function () {
      if (this._timer) clearTimeout(this._timer);
      this._timer = null;
      if (this.play) { this.play.textContent = "Play"; this.play.classList.remove("geo-active"); }
    }
  });

  // A filter panel is worth showing when there are several incidents and something to choose between.
  function worthFiltering(layer) {
    var s = layer.spec, d = layer.filter;
    if (!d || d.n < 2) return false;
    return !!(d.day || (s.symbols && s.symbols.length > 1) || s.actors || s.fat || s.prec || (s.band && s.band.d.length));
  }

  GeoMap.filters = { Filters: Filters, FilterData: FilterData, worthFiltering: worthFiltering };
})(window.GeoMap = window.GeoMap || {});
