// The reports map island (progressive enhancement: every page works without it). Leaflet comes from
// our own origin (/static/leaflet/), tiles from the host the page names (data-tiles; the CSP allows
// images from that host only). Two modes:
//   pick  the report form: a click (or Enter on the keyboard-focused map centre) sets the latitude and
//         longitude fields (data-lat, data-lon: their ids); typing in the fields moves the marker.
//   list  a list of reports (data-points: [{n, lat, lon, s, c, o, h, k}]) as markers with links (k: the
//         marker's colour, e.g. by status; else o: red, or green).
(function () {
  'use strict';
  var ESTONIA = [[57.3, 21.5], [59.9, 28.3]];

  function round(x) {
    return Math.round(x * 100000) / 100000;
  }

  function tileLayer(el) {
    return L.tileLayer(el.getAttribute('data-tiles'), { maxZoom: 19, attribution: el.getAttribute('data-attribution') || '' });
  }

  function readNumber(input) {
    var v = (input.value || '').trim().replace(',', '.');
    if (!/^-?\d{1,3}(\.\d+)?$/.test(v)) return null;
    return Number(v);
  }

  function pick(el) {
    var lat = document.getElementById(el.getAttribute('data-lat'));
    var lon = document.getElementById(el.getAttribute('data-lon'));
    if (!lat || !lon) return;
    var map = L.map(el, { keyboard: true });
    tileLayer(el).addTo(map);
    var marker = null;
    function place(ll, pan) {
      if (!marker) marker = L.marker(ll, { keyboard: false }).addTo(map);
      else marker.setLatLng(ll);
      if (pan) map.setView(ll, Math.max(map.getZoom() || 0, 16));
    }
    var a = readNumber(lat), b = readNumber(lon);
    if (a !== null && b !== null) {
      map.setView([a, b], 16);
      place([a, b], false);
    } else {
      map.fitBounds(ESTONIA);
    }
    map.on('click', function (e) {
      lat.value = String(round(e.latlng.lat));
      lon.value = String(round(e.latlng.lng));
      place(e.latlng, false);
    });
    // Enter or Space on the focused map: the centre of the view is the place
    el.addEventListener('keydown', function (e) {
      if (e.target !== el || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      var c = map.getCenter();
      lat.value = String(round(c.lat));
      lon.value = String(round(c.lng));
      place(c, false);
    });
    function typed() {
      var x = readNumber(lat), y = readNumber(lon);
      if (x !== null && y !== null) place([x, y], true);
    }
    lat.addEventListener('change', typed);
    lon.addEventListener('change', typed);
  }

  function list(el) {
    var points;
    try {
      points = JSON.parse(el.getAttribute('data-points') || '[]');
    } catch {
      return;
    }
    var map = L.map(el);
    tileLayer(el).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      if (typeof p.lat !== 'number' || typeof p.lon !== 'number') return;
      var m = L.circleMarker([p.lat, p.lon], { radius: 8, weight: 2, color: p.k || (p.o ? '#b52a1c' : '#00703c'), fillOpacity: 0.6 }).addTo(map);
      var box = document.createElement('div');
      var title = document.createElement(p.h ? 'a' : 'strong');
      title.textContent = p.n;
      if (p.h) title.setAttribute('href', p.h);
      box.appendChild(title);
      box.appendChild(document.createElement('br'));
      box.appendChild(document.createTextNode(p.c + ' · ' + p.s));
      m.bindPopup(box);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 16);
    else if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    else map.fitBounds(ESTONIA);
  }

  function start() {
    if (typeof L === 'undefined') return;
    var els = document.querySelectorAll('.report-map');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      el.hidden = false;
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', el.getAttribute('data-label') || 'Map');
      el.setAttribute('tabindex', '0');
      if (el.getAttribute('data-mode') === 'pick') pick(el);
      else list(el);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
