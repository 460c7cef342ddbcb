/* geo map runtime: title, legend, measure, fullscreen and time filter controls.
 * All text is set with textContent; controls stop clicks reaching the map.
 */
(function (GeoMap) {
  "use strict";
  var U = GeoMap.util;

  function panel(className) {
    var box = U.el("div", "geo-panel leaflet-bar " + className);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }

  var Title = L.Control.extend({
    options: { position: "topleft" },
    initialize: function (title, subtitle, options) { L.setOptions(this, options); this.title = title; this.subtitle = subtitle; },
    onAdd: function () {
      var box = panel("geo-title");
      box.appendChild(U.el("h1", null, this.title));
      if (this.subtitle) box.appendChild(U.el("p", null, this.subtitle));
      return box;
    }
  });

  // One section per styled layer; a section hides while its layer is off.
  var Legend = L.Control.extend({
    options: { position: "bottomright" },
    initialize: function (options) { L.setOptions(this, options); this.sections = []; },
    onAdd: function (map) {
      var box = panel("geo-legend"), self = this;
      var head = U.el("button", "geo-legend-toggle", "Legend");
      head.type = "button";
      head.setAttribute("aria-expanded", "true");
      var body = U.el("div", "geo-legend-body");
      head.addEventListener("click", function () {
        var open = body.hidden;
        body.hidden = !open;
        head.setAttribute("aria-expanded", String(open));
      });
      box.appendChild(head); box.appendChild(body);
      this.sections.forEach(function (s) { body.appendChild(s.node); });
      this._sync = function () {
        self.sections.forEach(function (s) { s.node.hidden = !map.hasLayer(s.layer); });
      };
      map.on("overlayadd overlayremove layeradd layerremove", this._sync);
      this._sync();
      return box;
    },
    onRemove: function (map) { map.off("overlayadd overlayremove layeradd layerremove", this._sync); },
    // items: [{label, swatch: HTMLElement}]
    addSection: function (layer, title, items) {
      var node = U.el("section", "geo-legend-section");
      node.appendChild(U.el("h2", null, title));
      var list = U.el("ul");
      items.forEach(function (item) {
        var li = U.el("li");
        li.appendChild(item.swatch);
        li.appendChild(U.el("span", null, item.label));
        list.appendChild(li);
      });
      node.appendChild(list);
      this.sections.push({ layer: layer, node: node, list: list });
      return this;
    },
    // Replace the items of `layer`'s section (legends that change with the view, e.g. density classes).
    refresh: function (layer, items) {
      this.sections.forEach(function (s) {
        if (s.layer !== layer) return;
        while (s.list.firstChild) s.list.removeChild(s.list.firstChild);
        items.forEach(function (item) {
          var li = U.el("li");
          li.appendChild(item.swatch);
          li.appendChild(U.el("span", null, item.label));
          s.list.appendChild(li);
        });
      });
    },
    // Show or hide the legend's body (the "Legend" button stays).
    setOpen: function (open) {
      if (!this._container) return;
      var head = this._container.querySelector(".geo-legend-toggle"), body = this._container.querySelector(".geo-legend-body");
      body.hidden = !open;
      head.setAttribute("aria-expanded", String(open));
    }
  });

  function boxSwatch(style) {
    var s = U.el("span", "geo-swatch geo-swatch-box");
    s.style.borderColor = U.colour(style.color, "#333333");
    s.style.borderStyle = style.dashArray ? "dashed" : "solid";
    s.style.borderWidth = Math.min(3, Math.max(1, style.weight || 1)) + "px";
    if (style.fill !== false) {
      s.style.backgroundColor = U.colour(style.fillColor || style.color, "#cccccc");
      s.style.opacity = String(Math.max(0.35, Math.min(1, (style.fillOpacity || 0.3) * 1.6)));
    }
    return s;
  }

  function lineSwatch(color, dashed) {
    var s = U.el("span", "geo-swatch geo-swatch-line" + (dashed ? " geo-dashed" : ""));
    s.style.borderTopColor = U.colour(color, "#333333");
    return s;
  }

  // Click points on the map; the total is the sum of geodesics on WGS84 (Vincenty).
  var Measure = L.Control.extend({
    options: { position: "topleft" },
    initialize: function (state, options) { L.setOptions(this, options); this.state = state; this.points = []; },
    onAdd: function (map) {
      var box = panel("geo-measure"), self = this;
      this.button = U.el("button", "geo-button", "Measure");
      this.button.type = "button";
      this.button.title = "Measure geodesic distance: click points on the map, click the button again to finish";
      this.readout = U.el("div", "geo-measure-readout");
      this.readout.hidden = true;
      box.appendChild(this.button); box.appendChild(this.readout);
      this.button.addEventListener("click", function () { self.toggle(); });
      this.group = L.layerGroup().addTo(map);
      // Capture clicks before any layer sees them: while measuring, a click on
      // a shape adds a point instead of opening the shape's popup.
      var container = map.getContainer();
      this._click = function (e) {
        if (!self.state.measuring || e.target.closest(".leaflet-control") || (map.dragging && map.dragging.moved())) return;
        e.stopPropagation();
        self.add(map.mouseEventToLatLng(e));
      };
      container.addEventListener("click", this._click, true);
      return box;
    },
    toggle: function () {
      var map = this._map, on = !this.state.measuring;
      this.state.measuring = on;
      this.button.classList.toggle("geo-active", on);
      this.button.textContent = on ? "Finish measuring" : "Measure";
      map.getContainer().classList.toggle("geo-measuring", on);
      if (on) { map.doubleClickZoom.disable(); this.points = []; this.group.clearLayers(); this.show(); }
      else map.doubleClickZoom.enable();
    },
    add: function (latlng) {
      var lon = GeoMap.geodesic.wrap180(latlng.lng);
      this.points.push([lon, latlng.lat]);
      L.circleMarker(latlng, { radius: 4, color: "#111111", weight: 2, fillColor: "#ffffff", fillOpacity: 1, interactive: false })
        .addTo(this.group);
      var n = this.points.length;
      if (n > 1) {
        var a = this.points[n - 2], b = this.points[n - 1];
        var line = GeoMap.geodesic.path(a[0], a[1], b[0], b[1], 20000);
        L.polyline(line, { color: "#111111", weight: 2.5, dashArray: "6 4", interactive: false }).addTo(this.group);
      }
      this.show();
    },
    // Total in metres (NaN if a segment is nearly antipodal and Vincenty does not converge).
    total: function () {
      var sum = 0;
      for (var k = 1; k < this.points.length; k++) {
        var a = this.points[k - 1], b = this.points[k];
        sum += GeoMap.geodesic.inverse(a[0], a[1], b[0], b[1]).distance;
      }
      return sum;
    },
    show: function () {
      this.readout.hidden = false;
      var n = this.points.length, total = this.total();
      if (n < 2) this.readout.textContent = n ? "Click the next point." : "Click the first point on the map.";
      else if (!isFinite(total)) this.readout.textContent = "A segment joins nearly antipodal points; add a point between them.";
      else this.readout.textContent = "Distance: " + GeoMap.format.distance(total) +
        " (" + (n - 1) + " segment" + (n > 2 ? "s" : "") + ", geodesic on WGS84)";
      this.readout.dataset.metres = isFinite(total) ? String(total) : "";
    }
  });

  Measure.prototype.onRemove = function (map) {
    map.getContainer().removeEventListener("click", this._click, true);
    map.removeLayer(this.group);
  };

  var Fullscreen = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function (map) {
      var box = panel("geo-fullscreen"), button = U.el("button", "geo-button", "Full screen");
      button.type = "button";
      button.title = "Show the map on the whole screen";
      box.appendChild(button);
      if (!document.fullscreenEnabled) box.hidden = true;  // e.g. inside an iframe without allowfullscreen
      var container = map.getContainer();
      button.addEventListener("click", function () {
        if (document.fullscreenElement) document.exitFullscreen();
        else container.requestFullscreen().catch(function () { box.hidden = true; });
      });
      this._change = function () {
        button.textContent = document.fullscreenElement ? "Exit full screen" : "Full screen";
        map.invalidateSize();
      };
      document.addEventListener("fullscreenchange", this._change);
      return box;
    },
    onRemove: function () { document.removeEventListener("fullscreenchange", this._change); }
  });

  // Two sliders bounding the days shown; undated incidents always show.
  var TimeFilter = L.Control.extend({
    options: { position: "bottomleft" },
    initialize: function (first, last, state, onChange, options) {
      L.setOptions(this, options);
      this.first = first; this.last = last; this.state = state; this.onChange = onChange;
    },
    onAdd: function () {
      var box = panel("geo-time"), self = this;
      box.appendChild(U.el("div", "geo-time-title", "Incidents between"));
      this.label = U.el("div", "geo-time-label");
      var from = this.from = this._slider(this.first, "From day");
      var to = this.to = this._slider(this.last, "To day");
      box.appendChild(this.label); box.appendChild(from); box.appendChild(to);
      var update = function (e) {
        var a = +from.value, b = +to.value;
        if (a > b) { if (e && e.target === from) to.value = a; else from.value = b; }
        self.set(+from.value, +to.value);
      };
      from.addEventListener("input", update); to.addEventListener("input", update);
      this.set(this.first, this.last, true);
      return box;
    },
    _slider: function (value, label) { return U.daySlider(this.first, this.last, value, label); },
    // Show days a..b (inclusive); `quiet` skips the redraw (layers already show everything).
    set: function (a, b, quiet) {
      this.from.value = a; this.to.value = b;
      this.state.dayRange = a === this.first && b === this.last ? null : [a, b];
      this.label.textContent = U.isoDay(a) + " to " + U.isoDay(b);
      if (!quiet) this.onChange();
    }
  });

  GeoMap.controls = { Title: Title, Legend: Legend, Measure: Measure, Fullscreen: Fullscreen, TimeFilter: TimeFilter,
    boxSwatch: boxSwatch, lineSwatch: lineSwatch, panel: panel };
})(window.GeoMap = window.GeoMap || {});
