/* geo map runtime: geodesics on the WGS84 ellipsoid (Vincenty, 1975).
 *
 * The measure tool reports distances on the ellipsoid, like everything else
 * in geo, never haversine or planar Web Mercator. Vincenty's iteration agrees
 * with GeographicLib to well under a millimetre except for nearly antipodal
 * points, where it may not converge: inverse() then returns NaN and callers
 * say so instead of guessing.
 */
(function (GeoMap) {
  "use strict";
  var A = 6378137.0, F = 1 / 298.257223563, B = A * (1 - F);
  var RAD = Math.PI / 180;

  function wrap180(deg) { return ((deg + 540) % 360 + 360) % 360 - 180; }

  // Inverse problem: distance (m) and azimuths (deg from north) between two (lon, lat).
  function inverse(lon1, lat1, lon2, lat2) {
    var L = wrap180(lon2 - lon1) * RAD;
    var U1 = Math.atan((1 - F) * Math.tan(lat1 * RAD));
    var U2 = Math.atan((1 - F) * Math.tan(lat2 * RAD));
    var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    var lambda = L, prev, iter = 0;
    var sinSigma, cosSigma, sigma, sinAlpha, cos2Alpha, cos2SigmaM, sinLambda, cosLambda, C;
    do {
      sinLambda = Math.sin(lambda); cosLambda = Math.cos(lambda);
      var t1 = cosU2 * sinLambda, t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
      sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
      if (sinSigma === 0) return { distance: 0, azimuth1: 0, azimuth2: 0 };  // same point
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cos2Alpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cos2Alpha !== 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0;  // equatorial line
      C = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
      prev = lambda;
      lambda = L + (1 - C) * F * sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
      if (Math.abs(lambda) > Math.PI) return { distance: NaN, azimuth1: NaN, azimuth2: NaN };
    } while (Math.abs(lambda - prev) > 1e-12 && ++iter < 200);
    if (iter >= 200) return { distance: NaN, azimuth1: NaN, azimuth2: NaN };
    var uSq = cos2Alpha * (A * A - B * B) / (B * B);
    var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
      bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    var s = B * bigA * (sigma - deltaSigma);
    var az1 = Math.atan2(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) / RAD;
    var az2 = Math.atan2(cosU1 * sinLambda, -sinU1 * cosU2 + cosU1 * sinU2 * cosLambda) / RAD;
    return { distance: s, azimuth1: (az1 + 360) % 360, azimuth2: (az2 + 360) % 360 };
  }

  // Direct problem: the point `distance` metres from (lon, lat) along `azimuth` degrees.
  function direct(lon, lat, azimuth, distance) {
    var alpha1 = azimuth * RAD, sinAlpha1 = Math.sin(alpha1), cosAlpha1 = Math.cos(alpha1);
    var tanU1 = (1 - F) * Math.tan(lat * RAD), cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1), sinU1 = tanU1 * cosU1;
    var sigma1 = Math.atan2(tanU1, cosAlpha1);
    var sinAlpha = cosU1 * sinAlpha1, cos2Alpha = 1 - sinAlpha * sinAlpha;
    var uSq = cos2Alpha * (A * A - B * B) / (B * B);
    var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    var sigma = distance / (B * bigA), prev, iter = 0, cos2SigmaM, sinSigma, cosSigma;
    do {
      cos2SigmaM = Math.cos(2 * sigma1 + sigma);
      sinSigma = Math.sin(sigma); cosSigma = Math.cos(sigma);
      var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
        bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
      prev = sigma;
      sigma = distance / (B * bigA) + deltaSigma;
    } while (Math.abs(sigma - prev) > 1e-12 && ++iter < 200);
    sinSigma = Math.sin(sigma); cosSigma = Math.cos(sigma); cos2SigmaM = Math.cos(2 * sigma1 + sigma);
    var x = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1;
    var lat2 = Math.atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1, (1 - F) * Math.sqrt(sinAlpha * sinAlpha + x * x));
    var lambda = Math.atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1);
    var C = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    var L = lambda - (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    return { lon: wrap180(lon + L / RAD), lat: lat2 / RAD };
  }

  // Points along the geodesic from 1 to 2, at most `stepM` metres apart, as [lat, lng]
  // with longitudes unwrapped so Leaflet draws across the antimeridian without a jump.
  function path(lon1, lat1, lon2, lat2, stepM) {
    var inv = inverse(lon1, lat1, lon2, lat2);
    var out = [[lat1, lon1]];
    if (!isFinite(inv.distance) || inv.distance === 0) { out.push([lat2, lon2]); return out; }
    var n = Math.min(512, Math.max(1, Math.ceil(inv.distance / stepM))), last = lon1;
    for (var k = 1; k <= n; k++) {
      var p = k === n ? { lon: lon2, lat: lat2 } : direct(lon1, lat1, inv.azimuth1, inv.distance * k / n);
      var lon = last + wrap180(p.lon - last);
      out.push([p.lat, lon]);
      last = lon;
    }
    return out;
  }

  GeoMap.geodesic = { inverse: inverse, direct: direct, path: path, wrap180: wrap180 };
})(window.GeoMap = window.GeoMap || {});
