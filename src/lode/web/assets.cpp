// The map page's stylesheet, body and script. Nothing here may hold the text that closes a script
// or style element, or opens an HTML comment (page.cpp inlines them as they are).
#include "lode/web/detail/assets.hpp"

namespace lode::web {

const char* page_css()
{
    return R"CSS(
html, body { margin: 0; height: 100%; font: 13px/1.35 "Noto Sans", "Noto Sans CJK KR", system-ui, sans-serif; color: #222; }
#map { position: absolute; top: 0; bottom: 0; left: 0; right: 300px; background: #dbe9f2; }
#side { position: absolute; top: 0; bottom: 0; right: 0; width: 300px; overflow-y: auto; box-sizing: border-box;
        padding: 10px 12px; border-left: 1px solid #bbb; background: #fafafa; }
#side h1 { font-size: 16px; margin: 0 0 2px; }
#side .sub { color: #666; margin: 0 0 8px; }
#side h2 { font-size: 13px; margin: 12px 0 4px; }
.layer { margin: 4px 0 8px; }
.layer > label { font-weight: 600; cursor: pointer; }
.legend { margin: 2px 0 0 22px; }
.legend div { display: flex; align-items: center; gap: 6px; }
.legend canvas { flex: none; }
.count { color: #666; font-weight: normal; }
#search { width: 100%; box-sizing: border-box; padding: 4px; }
#search-msg, #measure-result { color: #444; margin-top: 4px; min-height: 1.2em; }
button { padding: 3px 8px; }
button.on { background: #1a9850; color: #fff; border-color: #1a9850; }
.popup { background: #fff; border: 1px solid #888; border-radius: 4px; padding: 8px 10px;
         box-shadow: 0 2px 8px rgba(0,0,0,.25); min-width: 220px; max-width: 360px; max-height: 380px; overflow-y: auto; }
.popup h3 { margin: 0 0 4px; font-size: 14px; }
.popup h4 { margin: 8px 0 2px; font-size: 12px; }
.popup table { border-collapse: collapse; width: 100%; }
.popup td { border-top: 1px solid #eee; padding: 1px 4px; vertical-align: top; }
.popup td:first-child { color: #555; white-space: nowrap; }
.popup { position: relative; }
.popup .close { position: absolute; top: 2px; right: 6px; cursor: pointer; border: none; background: none; font-size: 16px; }
.also button { display: block; margin: 2px 0; text-align: left; }
.overdue { color: #a50026; font-weight: 600; }
.credits { color: #666; font-size: 11px; margin-top: 14px; }
)CSS";
}

const char* page_body()
{
    return R"HTML(<div id="map"></div>
<div id="side">
<h1 id="title"></h1>
<p class="sub" id="subtitle"></p>
<h2>Find a feature</h2>
<input id="search" type="search" list="search-list" placeholder="id or name, then Enter" autocomplete="off">
<datalist id="search-list"></datalist>
<div id="search-msg"></div>
<h2>Measure</h2>
<button id="measure" type="button" title="Click points on the map; each leg is a geodesic on the WGS 84 ellipsoid, and three points or more close a polygon whose area is measured on the ellipsoid">Measure distance and area</button>
<button id="measure-clear" type="button">Clear</button>
<div id="measure-result"></div>
<h2>Layers</h2>
<div id="layers"></div>
<div class="credits" id="credits"></div>
</div>
<div id="popup" class="popup" hidden><button class="close" type="button" id="popup-close" aria-label="Close">×</button><div id="popup-body"></div></div>
)HTML";
}

const char* page_script()
{
    return R"JS(
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('lode-data').textContent);
  const geod = geodesic.Geodesic.WGS84;
  const MM = 96 / 25.4;   // CSS pixels per millimetre: the styles' widths and sizes are millimetres
  const format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
  const $ = (id) => document.getElementById(id);
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  $('title').textContent = data.title;
  $('subtitle').textContent = data.subtitle;
  $('credits').textContent = 'Made by lode ' + data.lode + ' on ' + data.today +
    '. Countries: Natural Earth. Map: OpenLayers. Distances: GeographicLib (WGS 84 geodesics).' +
    (data.sources.length ? ' Data: ' + data.sources.join('; ') : '') +
    (data.backgrounds.length ? ' Backgrounds: ' + data.backgrounds.map((b) => b.credit).join('; ') + '.' : '');

  function rgba(hex) {
    const r = parseInt(hex.substr(1, 2), 16), g = parseInt(hex.substr(3, 2), 16), b = parseInt(hex.substr(5, 2), 16);
    const a = hex.length === 9 ? parseInt(hex.substr(7, 2), 16) / 255 : 1;
    return 'rgba(' + r + ',' + g + ',' + b + ',' + a.toFixed(3) + ')';
  }
  function stroke(sym) {
    const w = Math.max(0.5, sym.stroke_width * MM);
    return new ol.style.Stroke({ color: rgba(sym.stroke), width: w, lineDash: sym.dash ? [w * 4, w * 3] : undefined });
  }
  function marker(sym) {
    const r = sym.size * MM / 2, fill = new ol.style.Fill({ color: rgba(sym.fill) });
    const line = new ol.style.Stroke({ color: rgba(sym.stroke), width: Math.max(0.75, Math.min(sym.stroke_width, 0.25) * MM) });
    switch (sym.marker) {
      case 'square': return [new ol.style.RegularShape({ points: 4, radius: r * 1.27, angle: Math.PI / 4, fill: fill, stroke: line })];
      case 'triangle': return [new ol.style.RegularShape({ points: 3, radius: r * 1.2, fill: fill, stroke: line })];
      case 'diamond': return [new ol.style.RegularShape({ points: 4, radius: r * 1.2, fill: fill, stroke: line })];
      case 'cross': return [new ol.style.RegularShape({ points: 4, radius: r * 1.2, radius2: 0, stroke: new ol.style.Stroke({ color: rgba(sym.stroke), width: 1.5 }) })];
      case 'star': return [new ol.style.RegularShape({ points: 5, radius: r * 1.25, radius2: r * 0.55, fill: fill, stroke: line })];
      case 'circle_cross': return [new ol.style.Circle({ radius: r, fill: fill, stroke: line }),
        new ol.style.RegularShape({ points: 4, radius: r * 1.35, radius2: 0, stroke: line })];
      default: return [new ol.style.Circle({ radius: r, fill: fill, stroke: line })];
    }
  }
  // The styles of one symbol, as the exports' QGIS styles draw it.
  function symbolStyles(sym, geometry) {
    if (geometry === 'point') return marker(sym).map((image) => new ol.style.Style({ image: image }));
    if (geometry === 'line') return [new ol.style.Style({ stroke: stroke(sym) })];
    return [new ol.style.Style({ fill: new ol.style.Fill({ color: rgba(sym.fill) }), stroke: stroke(sym) })];
  }
  function swatch(sym, geometry) {
    const c = document.createElement('canvas');
    c.width = 22; c.height = 16;
    const ctx = c.getContext('2d');
    if (geometry === 'point') {
      const styles = marker(sym), vc = ol.render.toContext(ctx, { size: [22, 16], pixelRatio: 1 });
      styles.forEach((image) => { vc.setStyle(new ol.style.Style({ image: image })); vc.drawGeometry(new ol.geom.Point([11, 8])); });
    } else if (geometry === 'line') {
      const vc = ol.render.toContext(ctx, { size: [22, 16], pixelRatio: 1 });
      vc.setStyle(new ol.style.Style({ stroke: stroke(sym) }));
      vc.drawGeometry(new ol.geom.LineString([[2, 12], [10, 5], [20, 9]]));
    } else {
      const vc = ol.render.toContext(ctx, { size: [22, 16], pixelRatio: 1 });
      vc.setStyle(symbolStyles(sym, 'polygon')[0]);
      vc.drawGeometry(new ol.geom.Polygon([[[2, 2], [20, 2], [20, 14], [2, 14], [2, 2]]]));
    }
    return c;
  }

  // The basemap: Natural Earth countries as a vector layer.
  const basemap = new ol.layer.Vector({
    source: new ol.source.Vector({ features: format.readFeatures(data.basemap) }),
    style: new ol.style.Style({ fill: new ol.style.Fill({ color: '#f6f3ed' }), stroke: new ol.style.Stroke({ color: '#9e998f', width: 0.6 }) }),
    properties: { title: 'Countries (Natural Earth)' }
  });

  // The raster backgrounds: each one georeferenced PNG in web Mercator, over the countries.
  const backgrounds = data.backgrounds.map((b) => new ol.layer.Image({
    source: new ol.source.ImageStatic({ url: b.url, imageExtent: b.extent, projection: 'EPSG:3857' }),
    opacity: b.opacity,
    properties: { title: b.name, lodeBackground: b.name }
  }));

  const layers = [];   // { spec, layer, features }
  data.layers.forEach((spec) => {
    const st = spec.style;
    const cats = st.categories.map((c) => ({ value: c.value, label: c.label, styles: symbolStyles(c.symbol, spec.geometry) }));
    const fallback = symbolStyles(st.default, spec.geometry);
    const features = format.readFeatures(spec.features);
    features.forEach((f) => f.set('lode_layer', spec.name, true));
    const label = (f) => {
      if (!st.label_field) return '';
      const v = f.get(st.label_field);
      return v === undefined || v === null ? '' : String(v);
    };
    const text = (f) => new ol.style.Text({
      text: label(f), font: '11px "Noto Sans", "Noto Sans CJK KR", sans-serif', offsetY: spec.geometry === 'point' ? -12 : 0,
      fill: new ol.style.Fill({ color: '#222' }), stroke: new ol.style.Stroke({ color: 'rgba(255,255,255,0.85)', width: 3 }),
      overflow: spec.geometry === 'polygon'
    });
    const category = (f) => {
      if (!st.category_field) return -1;
      const v = f.get(st.category_field);
      if (v === undefined || v === null) return -1;
      return cats.findIndex((c) => c.value === String(v));
    };
    const layer = new ol.layer.Vector({
      source: new ol.source.Vector({ features: features }),
      declutter: spec.name,
      style: (f, resolution) => {
        const i = category(f), base = i < 0 ? fallback : cats[i].styles;
        if (!st.label_field || resolution > 2000) return base;
        const s = base.slice();
        s.push(new ol.style.Style({ text: text(f) }));
        return s;
      },
      properties: { title: spec.title, lodeLayer: spec.name }
    });
    const counts = new Array(cats.length + 1).fill(0);
    features.forEach((f) => { const i = category(f); counts[i < 0 ? cats.length : i] += 1; });
    layers.push({ spec: spec, layer: layer, features: features, cats: cats, counts: counts });
  });

  const popup = new ol.Overlay({ element: $('popup'), autoPan: { animation: { duration: 200 }, margin: 20 }, positioning: 'bottom-left', offset: [-30, -8] });
  const map = new ol.Map({
    target: 'map',
    layers: [basemap].concat(backgrounds, layers.map((l) => l.layer)),
    overlays: [popup],
    view: new ol.View({ center: [0, 0], zoom: 2 })
  });
  const extent = ol.extent.createEmpty();
  layers.forEach((l) => ol.extent.extend(extent, l.layer.getSource().getExtent()));
  map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 14 });

  // The layer switcher with the legend: each category drawn with its count.
  function switcherEntry(title, olLayer, name, count) {
    const div = el('div', null, 'layer');
    div.dataset.layer = name;
    const label = el('label');
    const box = document.createElement('input');
    box.type = 'checkbox'; box.checked = true; box.dataset.layer = name;
    box.addEventListener('change', () => olLayer.setVisible(box.checked));
    label.appendChild(box);
    label.appendChild(document.createTextNode(' ' + title + ' '));
    if (count !== undefined) label.appendChild(el('span', '(' + count + ')', 'count'));
    div.appendChild(label);
    return div;
  }
  layers.slice().reverse().forEach((l) => {
    const div = switcherEntry(l.spec.title, l.layer, l.spec.name, l.features.length);
    const legend = el('div', null, 'legend');
    const row = (sym, text, n) => {
      const r = el('div');
      r.appendChild(swatch(sym, l.spec.geometry));
      r.appendChild(el('span', text));
      r.appendChild(el('span', n, 'count'));
      legend.appendChild(r);
    };
    l.spec.style.categories.forEach((c, i) => { if (l.counts[i]) row(c.symbol, c.label, l.counts[i]); });
    if (l.counts[l.cats.length]) row(l.spec.style.default, l.cats.length ? 'Other' : l.spec.title, l.counts[l.cats.length]);
    div.appendChild(legend);
    $('layers').appendChild(div);
  });
  backgrounds.slice().reverse().forEach((b) => $('layers').appendChild(switcherEntry(b.get('title') + ' (raster)', b, 'background:' + b.get('lodeBackground'))));
  $('layers').appendChild(switcherEntry('Countries (Natural Earth)', basemap, 'basemap'));

  // The features under a click, the one a geologist means first: points, then lines, then areas from
  // the smallest (a licence inside a survey area, not the survey area).
  function hitsAt(pixel) {
    const hits = map.getFeaturesAtPixel(pixel, { layerFilter: (l) => !!l.get('lodeLayer'), hitTolerance: 4 });
    const rank = (f) => {
      const g = f.getGeometry(), t = g.getType();
      if (t.endsWith('Point')) return [0, 0];
      if (t.endsWith('LineString')) return [1, 0];
      return [2, ol.extent.getArea(g.getExtent())];
    };
    return hits.map((f) => ({ f: f, r: rank(f) })).sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1]).map((x) => x.f);
  }

  // Popups: a feature's attributes, and a licence's register card.
  function row(table, key, value) {
    if (value === undefined || value === null || value === '') return;
    const tr = el('tr');
    tr.appendChild(el('td', key));
    tr.appendChild(el('td', typeof value === 'object' ? JSON.stringify(value) : value));
    table.appendChild(tr);
  }
  function units(spec) {
    const u = {};
    spec.fields.forEach((f) => { if (f.unit) u[f.name] = f.unit; });
    return u;
  }
  function showPopup(feature, coordinate, others) {
    const name = feature.get('lode_layer');
    const l = layers.find((x) => x.spec.name === name);
    const body = $('popup-body');
    body.replaceChildren();
    body.dataset.id = feature.getId();
    body.dataset.layer = name;
    body.appendChild(el('h3', l.spec.title + ': ' + feature.getId()));
    const table = el('table');
    const u = units(l.spec);
    const props = feature.getProperties();
    Object.keys(props).forEach((k) => {
      if (k === 'geometry' || k === 'lode_layer') return;
      row(table, u[k] ? k + ' (' + u[k] + ')' : k, props[k]);
    });
    body.appendChild(table);
    const card = name === 'licences' ? data.cards[feature.getId()] : undefined;
    if (card) {
      const c = el('div', null, 'card');
      c.appendChild(el('h4', 'Register card'));
      const t = el('table');
      row(t, 'holder', card.holder);
      row(t, 'status', card.status);
      row(t, 'granted', card.granted);
      row(t, 'expiry', card.expiry);
      row(t, 'area', card.area_km2.toFixed(3) + ' km² (WGS 84 ellipsoid)');
      c.appendChild(t);
      c.appendChild(el('h4', 'Interests' + (card.with_interest === 0 ? ' (none recorded)' :
        card.interests_complete ? ' (sum to 100%)' : ' (sum to ' + card.interest_total_pct + '%, not 100%)')));
      const p = el('table');
      card.partners.forEach((x) => row(p, x.organisation + (x.country ? ' (' + x.country + ')' : ''),
        x.role + (x.pct === null ? '' : ', ' + x.pct + '%')));
      c.appendChild(p);
      c.appendChild(el('h4', 'What falls due'));
      const d = el('table');
      if (!card.due.length) row(d, '—', 'nothing outstanding');
      card.due.forEach((x) => {
        const tr = el('tr', null, x.overdue ? 'overdue' : '');
        tr.appendChild(el('td', x.due));
        tr.appendChild(el('td', x.kind + (x.description ? ': ' + x.description : '') +
          (x.amount === null ? '' : ' (' + x.amount + (x.currency ? ' ' + x.currency : '') + ')') +
          (x.overdue ? ' — overdue' : '')));
        d.appendChild(tr);
      });
      c.appendChild(d);
      body.appendChild(c);
    }
    if (others && others.length) {
      body.appendChild(el('h4', 'Also here'));
      const also = el('div', null, 'also');
      others.forEach((f) => {
        const b = el('button', layers.find((x) => x.spec.name === f.get('lode_layer')).spec.title + ': ' + f.getId());
        b.type = 'button';
        b.dataset.id = f.getId();
        b.addEventListener('click', () => showPopup(f, coordinate, [feature].concat(others.filter((o) => o !== f))));
        also.appendChild(b);
      });
      body.appendChild(also);
    }
    $('popup').hidden = false;
    popup.setPosition(coordinate);
  }
  $('popup-close').addEventListener('click', () => { $('popup').hidden = true; popup.setPosition(undefined); });

  // Search by id or name: an exact match first (any case), then the first that contains the text.
  const list = $('search-list');
  const entries = [];
  layers.forEach((l) => l.features.forEach((f) => {
    entries.push({ f: f, id: String(f.getId()).toLowerCase(), name: String(f.get('name') || '').toLowerCase() });
  }));
  entries.slice(0, 5000).forEach((e) => {
    const o = document.createElement('option');
    o.value = e.f.getId();
    if (e.f.get('name')) o.label = e.f.get('name');
    list.appendChild(o);
  });
  function anchor(f) {
    const g = f.getGeometry();
    const t = g.getType();
    if (t === 'Point') return g.getCoordinates();
    if (t === 'Polygon') return g.getInteriorPoint().getCoordinates().slice(0, 2);
    if (t === 'MultiPolygon') return g.getInteriorPoints().getCoordinates()[0].slice(0, 2);
    if (t === 'LineString') return g.getCoordinateAt(0.5);
    if (t === 'MultiLineString') return g.getLineString(0).getCoordinateAt(0.5);
    return ol.extent.getCenter(g.getExtent());
  }
  function find(text) {
    const q = text.trim().toLowerCase();
    if (!q) return null;
    const hit = entries.find((e) => e.id === q || e.name === q) || entries.find((e) => e.id.includes(q) || e.name.includes(q));
    return hit ? hit.f : null;
  }
  let searched = null;   // the text last searched, so that leaving the box does not search it again
  function search() {
    searched = $('search').value;
    const f = find(searched);
    if (!f) { $('search-msg').textContent = 'No feature has the id or name “' + $('search').value.trim() + '”.'; return; }
    $('search-msg').textContent = '';
    map.getView().fit(f.getGeometry().getExtent(), { padding: [80, 80, 80, 80], maxZoom: 13, duration: 0 });
    map.renderSync();   // the popup's pan then starts from the view just fitted
    showPopup(f, anchor(f));
  }
  $('search').addEventListener('keydown', (e) => { if (e.key === 'Enter') search(); });
  $('search').addEventListener('change', () => { if ($('search').value !== searched) search(); });

  // Measure: each leg a geodesic on WGS 84 (GeographicLib), drawn as the geodesic, not a straight line.
  const measureSource = new ol.source.Vector();
  map.addLayer(new ol.layer.Vector({
    source: measureSource, zIndex: 100,
    style: [new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#d7191c', width: 2.5, lineDash: [8, 5] }),
      image: new ol.style.Circle({ radius: 4, fill: new ol.style.Fill({ color: '#d7191c' }) }) })]
  }));
  let measuring = false, points = [];
  function legPath(a, b) {
    const line = geod.InverseLine(a[1], a[0], b[1], b[0]);
    const n = Math.min(256, Math.max(1, Math.ceil(line.s13 / 20000)));
    const out = [];
    for (let i = 0; i <= n; ++i) {
      const p = line.Position(line.s13 * i / n, geodesic.Geodesic.LATITUDE | geodesic.Geodesic.LONGITUDE | geodesic.Geodesic.LONG_UNROLL);
      out.push(ol.proj.fromLonLat([p.lon2, p.lat2]));
    }
    return out;
  }
  function metres() {
    let s = 0;
    for (let i = 1; i < points.length; ++i) s += geod.Inverse(points[i - 1][1], points[i - 1][0], points[i][1], points[i][0]).s12;
    return s;
  }
  // The area of the polygon the points close (back to the first), on the WGS 84 ellipsoid:
  // GeographicLib's PolygonArea (Karney's exact geodesic polygon), whichever way it is clicked.
  function squareMetres() {
    const polygon = geod.Polygon(false);
    points.forEach((p) => polygon.AddPoint(p[1], p[0]));
    return Math.abs(polygon.Compute(false, true).area);
  }
  function redraw() {
    measureSource.clear();
    points.forEach((p) => measureSource.addFeature(new ol.Feature(new ol.geom.Point(ol.proj.fromLonLat(p)))));
    for (let i = 1; i < points.length; ++i) measureSource.addFeature(new ol.Feature(new ol.geom.LineString(legPath(points[i - 1], points[i]))));
    const r = $('measure-result');
    delete r.dataset.squareMetres;
    if (points.length < 2) { r.textContent = measuring ? 'Click points on the map.' : ''; delete r.dataset.metres; return; }
    const m = metres();
    r.dataset.metres = m.toFixed(3);
    r.textContent = (m >= 1000 ? (m / 1000).toFixed(3) + ' km' : m.toFixed(1) + ' m') + ' along ' + (points.length - 1) +
      (points.length === 2 ? ' geodesic' : ' geodesics') + ' (WGS 84)';
    if (points.length < 3) return;
    // The closing leg, thinner, and the polygon's area.
    const closing = new ol.Feature(new ol.geom.LineString(legPath(points[points.length - 1], points[0])));
    closing.setStyle(new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#d7191c', width: 1.2, lineDash: [3, 4] }) }));
    measureSource.addFeature(closing);
    const a = squareMetres();
    r.dataset.squareMetres = a.toFixed(1);
    r.textContent += '; the polygon they close: ' + (a >= 1e6 ? (a / 1e6).toFixed(3) + ' km²' : (a / 1e4).toFixed(3) + ' ha') +
      ' (area on the WGS 84 ellipsoid)';
  }
  $('measure').addEventListener('click', () => {
    measuring = !measuring;
    $('measure').classList.toggle('on', measuring);
    if (measuring) { points = []; $('popup').hidden = true; popup.setPosition(undefined); map.getView().cancelAnimations(); }
    redraw();
  });
  $('measure-clear').addEventListener('click', () => { points = []; redraw(); });

  map.on('singleclick', (e) => {
    if (measuring) {
      points.push(ol.proj.toLonLat(e.coordinate));
      redraw();
      return;
    }
    const hits = hitsAt(e.pixel);
    if (hits.length) showPopup(hits[0], e.coordinate, hits.slice(1));
    else { $('popup').hidden = true; popup.setPosition(undefined); }
  });
  window.lode = { map: map, layers: layers, backgrounds: backgrounds, find: find, data: data };
})();
)JS";
}

} // namespace lode::web
