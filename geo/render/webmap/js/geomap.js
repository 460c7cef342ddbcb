/* geo map runtime: builds the whole map from the page's JSON data block.
 *
 * GeoMap.render(map, dataElement) reads the data with JSON.parse (nothing is
 * ever evaluated), draws the bundled vector basemap, the optional web tiles,
 * every layer in the order geo chose, and the controls. When done it sets
 * window.geoMap.ready (tests and benchmarks wait for it).
 */
(function (GeoMap) {
  "use strict";
  var U = GeoMap.util, C = GeoMap.controls, K = GeoMap.canvas;

  // Shared by every popup; the top padding grows to clear the title once it is placed.
  GeoMap.popupOptions = { minWidth: 300, maxWidth: 420, maxHeight: 360, autoPanPaddingTopLeft: [60, 20] };

  function pane(map, name, z, interactive) {
    var p = map.getPane(name) || map.createPane(name);
    p.style.zIndex = String(z);
    if (!interactive) p.style.pointerEvents = "none";
    return name;
  }

  // Delta-encoded integer rings -> arrays of [lat, lng].
  function decodeRings(groups) {
    var rings = [];
    groups.forEach(function (group) {
      var s = group.s;
      group.r.forEach(function (r) {
        var x = 0, y = 0, ring = new Array(r.length / 2);
        for (var k = 0; k < r.length; k += 2) { x += r[k]; y += r[k + 1]; ring[k / 2] = [y / s, x / s]; }
        rings.push(ring);
      });
    });
    return rings;
  }

  function addBasemap(map, basemap) {
    var layer = new K.BasemapLayer(decodeRings(basemap.land), decodeRings(basemap.lines));
    layer.options.pane = pane(map, "geo-basemap", 150, false);
    layer.addTo(map);
    var labels = pane(map, "geo-basemap-labels", 160, false);
    basemap.labels.forEach(function (item) {
      var node = U.el("span", null, item[0]);
      L.marker([item[2], item[1]], { pane: labels, interactive: false, keyboard: false,
        icon: L.divIcon({ className: "geo-country-label", html: node, iconSize: null }) }).addTo(map);
    });
  }

  function addTiles(map, tiles, notice) {
    var layer = L.tileLayer(tiles.url, { attribution: U.escapeHtml(tiles.attribution || ""),
      maxZoom: tiles.maxZoom || 19, subdomains: tiles.subdomains || "abc", crossOrigin: false });
    // Offline, every tile fails: drop the layer at the first failure and say so,
    // leaving the vector basemap (and no stream of failed requests).
    layer.once("tileerror", function () {
      map.removeLayer(layer);
      notice("Web tiles could not load (offline?): showing the built-in basemap.");
    });
    return layer.addTo(map);
  }

  // {"type", "d"} with delta-encoded integer coordinates (1e-6 degree) -> a GeoJSON geometry.
  function unpack(d) {
    if (typeof d[0] !== "number") return d.map(unpack);
    var out = new Array(d.length / 2), x = 0, y = 0;
    for (var k = 0; k < d.length; k += 2) { x += d[k]; y += d[k + 1]; out[k / 2] = [x / 1e6, y / 1e6]; }
    return out;
  }
  function geometry(g) {
    if (g.type === "Point") return { type: "Point", coordinates: [g.d[0] / 1e6, g.d[1] / 1e6] };
    return { type: g.type, coordinates: unpack(g.d) };
  }

  // Up to a few hundred shapes SVG is fine; beyond that (thousands of uncertainty circles of an event
  // dataset) every pan repaints each SVG path for seconds, so the layer draws on a canvas instead.
  var SVG_MAX_SHAPES = 200;

  function shapesLayer(map, spec, z) {
    var make = spec.features.length > SVG_MAX_SHAPES ? L.canvas : L.svg;
    var renderer = make({ pane: pane(map, "geo-" + spec.id, z, true) });
    var styles = spec.styles.map(function (s) {
      return { renderer: renderer, color: U.colour(s.color, "#333333"), weight: s.weight || 2,
        opacity: s.opacity === undefined ? 1 : s.opacity, fill: s.fill !== false,
        fillColor: U.colour(s.fillColor || s.color, "#999999"), fillOpacity: s.fillOpacity === undefined ? 0.3 : s.fillOpacity,
        dashArray: typeof s.dashArray === "string" && /^[\d ]+$/.test(s.dashArray) ? s.dashArray : null };
    });
    var group = L.featureGroup();
    spec.features.forEach(function (f) {
      var layer = L.geoJSON({ type: "Feature", geometry: geometry(f.g), properties: {} }, {
        style: function () { return styles[f.s] || styles[0]; }
      });
      if (f.tip) layer.bindTooltip(function () { return U.el("div", "geo-tip", f.tip); }, { sticky: true });
      layer.bindPopup(function () { return U.recordNode(f.heading, f.rows || []); }, GeoMap.popupOptions);
      group.addLayer(layer);
    });
    var legend = spec.legend && spec.legend.items.map(function (item) {
      var s = spec.styles[item.s] || spec.styles[0];
      return { label: item.label, swatch: s.fill === false ? C.lineSwatch(s.color, !!s.dashArray) : C.boxSwatch(s) };
    });
    return { layer: group, legend: legend };
  }

  function placesLayer(map, spec, z) {
    var name = pane(map, "geo-" + spec.id, z, true), renderer = L.svg({ pane: name });
    var group = L.featureGroup(), colour = U.colour(spec.color, "#333333");
    spec.features.forEach(function (f) {
      var marker = L.circleMarker([f.lat, f.lon], { renderer: renderer, radius: 4.5, color: "#ffffff", weight: 1.5,
        fillColor: colour, fillOpacity: 1 });
      marker.bindTooltip(function () { return U.el("span", null, f.label); },
        { permanent: !!spec.labels, direction: "right", offset: [6, 0], className: "geo-place-label", pane: name });
      marker.bindPopup(function () { return U.recordNode(f.heading, f.rows || []); }, GeoMap.popupOptions);
      group.addLayer(marker);
    });
    var dot = U.el("span", "geo-swatch geo-swatch-dot");
    dot.style.backgroundColor = colour;
    return { layer: group, legend: spec.legend ? [{ label: spec.legend, swatch: dot }] : null };
  }

  function pointsLayer(map, spec, z, state) {
    var layer = new K.PointsLayer(spec, state);
    layer.options.pane = pane(map, "geo-" + spec.id, z, false);
    var legend = [];
    // One entry per event type, each in its fixed style (most frequent first).
    (spec.symbols || []).forEach(function (s) {
      legend.push({ label: s.label, swatch: K.swatch(s.symbol, "#ffffff", 6, 1, false, s.color) });
    });
    // Only the fatality classes present: a one-incident map needs no six-step scale.
    var used = spec.classesUsed || null, classes = [];
    (spec.classes || []).forEach(function (c, k) {
      if (!used || used.indexOf(k) >= 0) classes.push({ label: c.label, swatch: K.swatch("circle", U.colour(c.color, "#3182bd"), 6) });
    });
    if (spec.disputedAny) {
      classes.push({ label: spec.disputedLabel || "disputed figure", swatch: K.swatch("circle", "#ffffff", 6, 1, true) });
    }
    return { layer: layer, legend: legend, legend2: classes };
  }

  function densityLayer(map, spec, z) {
    var layer = new GeoMap.density.DensityLayer(null, spec);
    layer.options.pane = pane(map, "geo-" + spec.id, z, false);
    return { layer: layer, legend: [{ label: "…", swatch: U.el("span", "geo-swatch geo-swatch-box") }] };
  }

  function linksLayer(map, spec, z, state) {
    var layer = new K.LinksLayer(spec, state);
    layer.options.pane = pane(map, "geo-" + spec.id, z, false);
    return { layer: layer, legend: [{ label: spec.legendLabel || "nearest border point, distance in km",
      swatch: C.lineSwatch("#252525", true) }] };
  }

  // Incidents are drawn on top, so they get the mouse first: a capturing
  // listener on the map container sees clicks before any SVG shape below
  // (whose own popup would otherwise win), and swallows the ones it uses.
  function wireInteraction(map, pointLayers, state, decorations) {
    var tip = null, pending = null, container = map.getContainer();
    function find(containerPoint) {
      for (var k = pointLayers.length - 1; k >= 0; k--) {
        var layer = pointLayers[k];
        if (!map.hasLayer(layer)) continue;
        var i = layer.hit(containerPoint);
        if (i >= 0) return { layer: layer, i: i };
      }
      return null;
    }
    function onMap(e) {
      return e.target === container || container.contains(e.target) && !e.target.closest(".leaflet-control, .leaflet-popup");
    }
    container.addEventListener("click", function (e) {
      if (state.measuring || !onMap(e) || (map.dragging && map.dragging.moved())) return;
      var found = find(map.mouseEventToContainerPoint(e));
      if (!found) return;
      e.stopPropagation();
      var popup = L.popup(L.extend({ className: "geo-popup" }, GeoMap.popupOptions))
        .setLatLng(found.layer.latLngOf(found.i))
        .setContent(found.layer.recordOf(found.i));
      if (decorations) {
        decorations.select(found.layer, found.i);
        popup.on("remove", function () { if (decorations.selectedPopup === popup) decorations.select(null, -1); });
        decorations.selectedPopup = popup;
      }
      popup.openOn(map);
    }, true);
    container.addEventListener("mousemove", function (e) {
      pending = onMap(e) ? map.mouseEventToContainerPoint(e) : null;
      if (state.hoverQueued) return;
      state.hoverQueued = true;
      L.Util.requestAnimFrame(function () {
        state.hoverQueued = false;
        var found = state.measuring || !pending ? null : find(pending);
        container.classList.toggle("geo-pointer", !!found);
        if (decorations) decorations.showHover(found ? found.layer : null, found ? found.i : -1);
        if (!found) { if (tip) { map.removeLayer(tip); tip = null; } return; }
        if (!tip) tip = L.tooltip({ direction: "top", offset: [0, -8], className: "geo-point-tip" });
        tip.setLatLng(found.layer.latLngOf(found.i)).setContent(found.layer.tipOf(found.i));
        if (!map.hasLayer(tip)) tip.addTo(map);
      });
    }, true);
    container.addEventListener("mouseleave", function () {
      if (tip) { map.removeLayer(tip); tip = null; }
      if (decorations) decorations.showHover(null, -1);
    });
  }

  function render(map, dataElement) {
    performance.mark("geo-start");
    var data = JSON.parse(dataElement.textContent);
    performance.mark("geo-parsed");
    var state = { dayRange: null, measuring: false };
    var handle = window.geoMap = { map: map, data: data, layers: {}, ready: false, state: state, notices: [] };
    map.getContainer().classList.add("geo-map");
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener noreferrer">Leaflet</a>');
    var noticeBox = null;
    function notice(text) {
      handle.notices.push(text);
      if (!noticeBox) { noticeBox = U.el("div", "geo-notice"); map.getContainer().appendChild(noticeBox); }
      noticeBox.textContent = text;
    }
    // Set the view first so every layer draws once, at its final view.
    function fit() {
      if (data.bounds) {
        var b = data.bounds;
        map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [24, 24], maxZoom: data.maxZoom || 12, animate: false });
      } else {
        map.setView([20, 0], 2, { animate: false });
      }
      var box = map.getContainer();
      handle.fittedSize = box.clientWidth && box.clientHeight ? [box.clientWidth, box.clientHeight] : null;
    }
    fit();
    // Without a size yet (hidden, or an iframe not laid out) fitting is meaningless: fit again once the
    // container has a size, and keep the data clear of the controls then. handle.fittedSize says which
    // size the view was fitted to (null while it has none).
    map.on("resize", function () {
      if (handle.fittedSize) return;
      fit();
      if (handle.fittedSize) unobstruct(map, data, legend, many);
    });
    addBasemap(map, data.basemap);
    performance.mark("geo-basemap");
    var overlays = [], tiles = data.tiles ? addTiles(map, data.tiles, notice) : null;
    if (tiles) overlays.push([tiles, data.tiles.name]);
    var legend = new C.Legend(), pointLayers = [], dayLayers = [], linkLayers = [], densities = [];
    // Build every layer first (a density or a link layer reads the incidents layer), then add them in order.
    var built = data.layers.map(function (spec, k) {
      var z = 400 + 10 * k, b;
      if (spec.kind === "shapes") b = shapesLayer(map, spec, z);
      else if (spec.kind === "places") b = placesLayer(map, spec, z);
      else if (spec.kind === "points") b = pointsLayer(map, spec, z, state);
      else if (spec.kind === "links") b = linksLayer(map, spec, z, state);
      else if (spec.kind === "density") b = densityLayer(map, spec, z);
      else throw new Error("unknown map layer kind " + spec.kind);
      performance.mark("geo-built-" + spec.id);
      handle.layers[spec.id] = b.layer;
      if (spec.kind === "points") pointLayers.push(b.layer);
      if (spec.kind === "links") linkLayers.push(b.layer);
      if (spec.kind === "density") densities.push(b.layer);
      if ((spec.kind === "points" || spec.kind === "links") && spec.day) dayLayers.push(b.layer);
      return b;
    });
    var incidents = pointLayers[pointLayers.length - 1] || null;
    linkLayers.forEach(function (l) { l.points = incidents; });
    densities.forEach(function (l) {
      l.points = handle.layers[l.spec.of] || incidents;
      if (l.points) l.points.overDensity = function () { return map.hasLayer(l); };
    });
    data.layers.forEach(function (spec, k) {
      var b = built[k];
      overlays.push([b.layer, spec.name]);
      if (b.legend && b.legend.length) legend.addSection(b.layer, spec.legendTitle || spec.name, b.legend);
      if (b.legend2 && b.legend2.length) legend.addSection(b.layer, spec.legendTitle2, b.legend2);
    });
    densities.forEach(function (l) {
      l.on("drawn", function () { legend.refresh(l, l.legendItems()); });
    });
    // Layers go on the map once the controls are placed and the view is final: each draws once.
    function addLayers() {
      data.layers.forEach(function (spec, k) {
        var b = built[k];
        if (spec.show !== false && (spec.kind !== "density" || b.layer.points)) b.layer.addTo(map);
        performance.mark("geo-added-" + spec.id);
      });
    }
    performance.mark("geo-layers");
    var many = data.layers.some(function (s) { return s.kind === "density"; });
    var control = L.control.layers(null, null, { collapsed: many || map.getSize().x < 720, position: "topright" });
    overlays.forEach(function (o) { control.addOverlay(o[0], U.escapeHtml(o[1])); });
    control.addTo(map);
    if (data.title) {
      var title = new C.Title(data.title, data.subtitle).addTo(map);
      // Popups pan clear of the title box (controls sit above popups in Leaflet).
      GeoMap.popupOptions.autoPanPaddingTopLeft[1] = title.getContainer().offsetTop + title.getContainer().offsetHeight + 16;
    }
    new C.Fullscreen().addTo(map);
    new C.Measure(state).addTo(map);
    L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);
    legend.addTo(map);
    if (incidents && incidents.filter && GeoMap.filters.worthFiltering(incidents)) {
      handle.filters = new GeoMap.filters.Filters(incidents, state, function () {
        var t = performance.now();
        pointLayers.concat(linkLayers, densities).forEach(function (l) { if (map.hasLayer(l)) l.redraw(); });
        // An incident the filters hide takes its popup and decorations with it.
        if (decorations) decorations.dropHidden(map);
        handle.lastRedrawMs = performance.now() - t;
      }).addTo(map);
    } else if (data.days && data.days[1] > data.days[0]) {
      new C.TimeFilter(data.days[0], data.days[1], state, function () {
        dayLayers.forEach(function (l) { l.redraw(); });
      }).addTo(map);
    }
    (data.attribution || []).forEach(function (text) { map.attributionControl.addAttribution(U.escapeHtml(text)); });
    // Per-incident decorations follow the mouse where they are not drawn for every incident.
    // Their pane lies above every data layer (below them the density and the dots veiled the line and
    // its km label) and below tooltips and popups.
    var decorations = incidents && !linkLayers.length && (incidents.blon || incidents.radius_m)
      ? new GeoMap.decorate.Decorations(map, pane(map, "geo-decorations", 400 + 10 * data.layers.length, false)) : null;
    handle.decorations = decorations;
    wireInteraction(map, pointLayers, state, decorations);
    unobstruct(map, data, legend, many);
    addLayers();
    // Ready once the browser has painted the first full frame.
    L.Util.requestAnimFrame(function () {
      L.Util.requestAnimFrame(function () {
        performance.mark("geo-ready");
        handle.ready = true;
        handle.readyAt = performance.now();
        document.documentElement.setAttribute("data-geo-ready", "1");
      });
    });
    return handle;
  }

  // Keep the data's extent clear of the controls: fit it between the top and bottom controls, and
  // collapse the legend when, open, it would cover any of it (a reader can open it again).
  // Keep the data's extent clear of the controls: fit it, then push the view away from every
  // control that covers part of it (a few rounds), and collapse the legend when, open, it would
  // cover any of it (a reader can open it again).
  function unobstruct(map, data, legend, many) {
    var size = map.getSize(), container = map.getContainer();
    if (!data.bounds || !size.x || !size.y) return;
    var b = data.bounds, corners = [[b[1], b[0]], [b[3], b[2]]], box = container.getBoundingClientRect();
    legend.setOpen(false);
    function dataRect() {
      var sw = map.latLngToContainerPoint(corners[0]), ne = map.latLngToContainerPoint(corners[1]);
      return { left: sw.x, right: ne.x, top: ne.y, bottom: sw.y };
    }
    function rectOf(c) {
      var r = c.getBoundingClientRect();
      return { left: r.left - box.left, right: r.right - box.left, top: r.top - box.top, bottom: r.bottom - box.top };
    }
    function overlaps(a, d) { return a.left < d.right && a.right > d.left && a.top < d.bottom && a.bottom > d.top; }
    function controls() {
      return Array.prototype.filter.call(container.querySelectorAll(".leaflet-control"), function (c) {
        return !c.classList.contains("leaflet-control-attribution") && !c.classList.contains("leaflet-control-scale") &&
          c.offsetParent !== null;
      });
    }
    var pad = { top: 16, bottom: 16, left: 16, right: 16 };
    for (var round = 0; round < 4; round++) {
      var d = dataRect(), moved = false;
      controls().forEach(function (c) {
        var r = rectOf(c);
        if (!overlaps(r, d)) return;
        // Push from the side where the control sits, by the smaller of the two ways out.
        var vertical = c.closest(".leaflet-top") ? ["top", r.bottom] : ["bottom", size.y - r.top];
        var horizontal = c.closest(".leaflet-left") ? ["left", r.right] : ["right", size.x - r.left];
        var side = vertical[1] <= horizontal[1] ? vertical : horizontal;
        if (side[1] + 8 > pad[side[0]]) { pad[side[0]] = side[1] + 8; moved = true; }
      });
      if (!moved) break;
      if (size.y - pad.top - pad.bottom < size.y * 0.3 || size.x - pad.left - pad.right < size.x * 0.3) break;
      map.fitBounds(corners, { paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom],
        maxZoom: data.maxZoom || 12, animate: false });
    }
    handle_obstruction(map, legend, dataRect(), rectOf, overlaps, many);
  }

  function handle_obstruction(map, legend, d, rectOf, overlaps, many) {
    legend.setOpen(true);
    if (many || overlaps(rectOf(legend.getContainer()), d)) legend.setOpen(false);
  }

  GeoMap.render = render;
})(window.GeoMap = window.GeoMap || {});
