/* geo map runtime: per-incident decorations for the incident a reader hovers or selects.
 *
 * On maps with many incidents, a line and km label to the border, and an
 * uncertainty circle, for every incident would stack into solid wedges and
 * blobs; geo draws them for all incidents only on small maps (the threshold
 * is geo's DECORATE_ALL_MAX) and otherwise for the hovered and the clicked
 * incident only, from the analysed values the incidents layer carries
 * (nearest border point and distance, uncertainty radius). The circle's
 * vertices are geodesic (Vincenty's direct problem on WGS84).
 */
(function (GeoMap) {
  "use strict";
  var U = GeoMap.util;

  function Decorations(map, paneName) {
    this.map = map; this.pane = paneName;
    this.hover = L.layerGroup().addTo(map);
    this.selected = L.layerGroup().addTo(map);
    this.hoverIndex = -1; this.selectedIndex = -1;
  }

  // The decorations of incident i of `layer` into `group` (cleared first).
  Decorations.prototype._draw = function (group, layer, i) {
    group.clearLayers();
    var lon = layer.lon[i], lat = layer.lat[i], pane = this.pane, out = 0;
    var r = layer.radius_m ? layer.radius_m[i] : NaN;
    if (r === r && r > 0) {
      var ring = [], last = lon;
      for (var k = 0; k < 72; k++) {
        var p = GeoMap.geodesic.direct(lon, lat, 360 - k * 5, r), x = last + GeoMap.geodesic.wrap180(p.lon - last);
        ring.push([p.lat, x]); last = x;
      }
      var c = layer.colors.uncertainty || "#525252";
      L.polygon(ring, { pane: pane, interactive: false, color: c, weight: 1.5, dashArray: "4 4",
        fillColor: c, fillOpacity: 0.1 }).addTo(group);
      out++;
    }
    var blon = layer.blon ? layer.blon[i] : NaN, blat = layer.blat ? layer.blat[i] : NaN;
    if (blon === blon && blat === blat) {
      var line = GeoMap.geodesic.path(lon, lat, blon, blat, 5000);
      L.polyline(line, { pane: pane, interactive: false, color: "#ffffff", weight: 4, opacity: 0.85 }).addTo(group);
      L.polyline(line, { pane: pane, interactive: false, color: "#252525", weight: 1.6, dashArray: "6 4" }).addTo(group);
      L.circleMarker([blat, line[line.length - 1][1]], { pane: pane, interactive: false, radius: 3.5, color: layer.colors.border || "#d7191c",
        weight: 1.5, fillColor: "#ffffff", fillOpacity: 1 }).addTo(group);
      var d = layer.blabel ? layer.blabel(i) : null;
      if (d) {
        var mid = line[Math.floor(line.length / 2)];
        L.tooltip({ permanent: true, direction: "center", className: "geo-link-label", pane: pane, interactive: false })
          .setLatLng(mid).setContent(U.el("span", null, d)).addTo(group);
      }
      out++;
    }
    return out;
  };

  Decorations.prototype.showHover = function (layer, i) {
    if (i === this.hoverIndex && layer === this.hoverLayer) return;
    this.hoverIndex = i; this.hoverLayer = layer;
    if (i < 0) { this.hover.clearLayers(); return; }
    this._draw(this.hover, layer, i);
  };

  Decorations.prototype.select = function (layer, i) {
    this.selectedIndex = i; this.selectedLayer = layer;
    if (i < 0) { this.selected.clearLayers(); this.selectedPopup = null; return 0; }
    return this._draw(this.selected, layer, i);
  };

  // After a filter change: the hovered or selected incident, if now hidden, loses its decorations,
  // and the selected one its popup.
  Decorations.prototype.dropHidden = function (map) {
    if (this.hoverIndex >= 0 && !this.hoverLayer.visible(this.hoverIndex)) this.showHover(null, -1);
    if (this.selectedIndex >= 0 && this.selectedLayer && !this.selectedLayer.visible(this.selectedIndex)) {
      var popup = this.selectedPopup;
      this.select(null, -1);
      if (popup && map.hasLayer(popup)) map.closePopup(popup);
    }
  };

  GeoMap.decorate = { Decorations: Decorations };
})(window.GeoMap = window.GeoMap || {});
