// Opens lode's interactive map page in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) once, and checks it: no console errors, every layer in the switcher, a click on
// a known licence opens its popup with its id and holder, the measure tool between two known
// points reports the expected geodesic distance and around four the expected geodesic area, and takes a screenshot.
// Usage: node page_check.js PAGE.html EXPECT.json SCREENSHOT.png
// EXPECT.json: {"layers": [...], "licence": {"id", "holder", "lon", "lat"},
//               "measure": {"from": [lon, lat], "to": [lon, lat], "metres": M},
//               "area": {"points": [[lon, lat], ...], "square_metres": A},
//               "background": {"name", "inside": [lon, lat], "outside": [lon, lat], "rgb": [r, g, b]}}
// Prints one "ok - ..." or "FAIL - ..." line per check; exits 1 when any failed.
'use strict';
const path = require('path');
const fs = require('fs');
const zlib = require('zlib');
const { chromium } = require('playwright-core');

const [page_file, expect_file, screenshot] = process.argv.slice(2);
const expect = JSON.parse(fs.readFileSync(expect_file, 'utf8'));
let failed = 0;
const ok = (name) => console.log('ok - ' + name);
const fail = (name) => { failed += 1; console.log('FAIL - ' + name); };
const check = (cond, name, detail) => (cond ? ok(name) : fail(name + (detail ? ': ' + detail : '')));

// The colour of a 1 × 1 PNG (a screenshot's clip): whatever its row filter, with no neighbours the
// bytes after the filter byte are the pixel's.
function pngPixel(buf) {
  const idat = [];
  for (let off = 8; off < buf.length;) {
    const len = buf.readUInt32BE(off), type = buf.toString('ascii', off + 4, off + 8);
    if (type === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  return [raw[1], raw[2], raw[3]];
}

// Where a longitude/latitude is on the screen, in CSS pixels.
function screenPoint(page, lonlat) {
  return page.evaluate((p) => {
    const px = window.lode.map.getPixelFromCoordinate(ol.proj.fromLonLat(p));
    const r = document.getElementById('map').getBoundingClientRect();
    return [r.left + px[0], r.top + px[1]];
  }, lonlat);
}

// Fits the view to the points (longitude, latitude) with padding pixels around, then clicks each in
// turn, waiting out OpenLayers' double-click delay.
async function fitAndClick(page, points, padding) {
  await page.evaluate(([pts, pad]) => {
    const e = ol.extent.boundingExtent(pts.map((p) => ol.proj.fromLonLat(p)));
    window.lode.map.getView().fit(e, { padding: [pad, pad, pad, pad], duration: 0 });
    window.lode.map.renderSync();
  }, [points, padding]);
  await page.waitForFunction(() => window.lode.map.isRendered());
  for (const p of points) {
    const xy = await screenPoint(page, p);
    await page.mouse.click(xy[0], xy[1]);
    await page.waitForTimeout(400);
  }
}

(async () => {
  // The flags of the machine notes: no sandbox as root, no GPU, and no background network (a
  // closed network refuses Chromium's own connections). playwright gives it a new empty profile.
  const browser = await chromium.launch({
    executablePath: process.env.LODE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // The page must need no network: every request but the page itself is refused and counted.
    const requests = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto('file://' + path.resolve(page_file));
    await page.waitForFunction(() => window.lode && window.lode.map && window.lode.map.isRendered && window.lode.map.isRendered());
    await page.waitForTimeout(500);
    check(errors.length === 0, 'the page loads with no console errors', errors.join(' | '));
    check(requests.length === 0, 'the page asks for nothing over the network', requests.join(' '));

    // Every layer in the switcher, and the basemap.
    const listed = await page.$$eval('#layers .layer', (divs) => divs.map((d) => d.dataset.layer));
    for (const layer of expect.layers.concat(['basemap']))
      check(listed.includes(layer), 'layer switcher lists ' + layer, 'listed: ' + listed.join(', '));
    const legend = await page.$$eval('#layers .legend div', (rows) => rows.length);
    check(legend >= expect.layers.length, 'the legend has a row per category drawn (' + legend + ')');
    // Unticking a layer hides it.
    await page.click('#layers input[data-layer="' + expect.layers[0] + '"]');
    const hidden = await page.evaluate((n) => !window.lode.layers.find((l) => l.spec.name === n).layer.getVisible(), expect.layers[0]);
    check(hidden, 'unticking ' + expect.layers[0] + ' hides it');
    await page.click('#layers input[data-layer="' + expect.layers[0] + '"]');

    // A click on the licence opens its popup with its id and holder.
    const lic = expect.licence;
    await page.evaluate((p) => {
      const v = window.lode.map.getView();
      v.setCenter(ol.proj.fromLonLat([p.lon, p.lat]));
      v.setZoom(11);
      window.lode.map.renderSync();
    }, lic);
    await page.waitForFunction(() => window.lode.map.isRendered());
    await page.waitForTimeout(300);
    const at = await screenPoint(page, [lic.lon, lic.lat]);
    await page.mouse.click(at[0], at[1]);
    await page.waitForTimeout(400);   // OpenLayers waits out a double click before a single click
    const popup = await page.evaluate(() => {
      const p = document.getElementById('popup');
      const b = document.getElementById('popup-body');
      return { hidden: p.hidden, id: b.dataset.id, text: b.textContent };
    });
    check(!popup.hidden && popup.id === lic.id, 'a click on ' + lic.id + ' opens its popup', JSON.stringify(popup).slice(0, 300));
    check(popup.text.includes(lic.holder), 'the popup names the holder ' + lic.holder, popup.text.slice(0, 300));
    check(popup.text.includes('Register card') && popup.text.includes('What falls due'), 'the popup shows the register card');
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-popup.png') });

    // Search by name finds the feature and opens its popup.
    if (expect.search) {
      await page.fill('#search', expect.search.text);
      await page.press('#search', 'Enter');
      await page.waitForTimeout(400);   // the popup's pan
      const found = await page.evaluate(() => document.getElementById('popup-body').dataset.id);
      check(found === expect.search.id, 'search for "' + expect.search.text + '" finds ' + expect.search.id, 'found ' + found);
    }

    // A raster background: listed in the switcher, and drawn where it lies: with the feature layers
    // hidden, the pixel at its centre has the raster's colour, and a pixel beside it has not.
    if (expect.background) {
      const bg = expect.background;
      check(listed.includes('background:' + bg.name), 'layer switcher lists the background ' + bg.name, 'listed: ' + listed.join(', '));
      await page.evaluate((bg) => {
        document.getElementById('popup').hidden = true;
        window.lode.layers.forEach((l) => l.layer.setVisible(false));
        const v = window.lode.map.getView();
        v.fit(ol.extent.boundingExtent([ol.proj.fromLonLat(bg.inside), ol.proj.fromLonLat(bg.outside)]), { padding: [150, 150, 150, 150], duration: 0 });
        window.lode.map.renderSync();
      }, bg);
      await page.waitForFunction(() => window.lode.map.isRendered());
      await page.waitForTimeout(300);
      const colourAt = async (p) => {
        const xy = (await screenPoint(page, p)).map(Math.round);
        return pngPixel(await page.screenshot({ clip: { x: xy[0], y: xy[1], width: 1, height: 1 } }));
      };
      const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 3);
      const inside = await colourAt(bg.inside), outside = await colourAt(bg.outside);
      check(near(inside, bg.rgb), 'the background is drawn at ' + bg.inside.join(', ') + ' in its colour (' + inside.join(' ') + ')',
            'expected ' + bg.rgb.join(' '));
      check(!near(outside, bg.rgb), 'and not beside it at ' + bg.outside.join(', ') + ' (' + outside.join(' ') + ')');
      await page.screenshot({ path: screenshot.replace(/\.png$/, '-background.png') });
      await page.evaluate(() => window.lode.layers.forEach((l) => l.layer.setVisible(true)));
    }

    // The measure tool between two known points: fit both in view, click them.
    const m = expect.measure;
    await page.click('#measure');
    await fitAndClick(page, [m.from, m.to], 120);
    const measured = await page.evaluate(() => {
      const r = document.getElementById('measure-result');
      return { metres: Number(r.dataset.metres), text: r.textContent };
    });
    const error = Math.abs(measured.metres - m.metres) / m.metres;
    check(error < 0.005, 'the measure tool reports ' + measured.text + ', within 0.5% of the geodesic ' +
          (m.metres / 1000).toFixed(3) + ' km (' + (100 * error).toFixed(3) + '%)', JSON.stringify(measured));

    // The area tool: four corners clicked (after Clear) close a polygon whose area on the WGS 84
    // ellipsoid is Planimeter's within 0.5 % (clicked as a user clicks them).
    if (expect.area) {
      await page.click('#measure-clear');
      await fitAndClick(page, expect.area.points, 60);
      const area = await page.evaluate(() => {
        const r = document.getElementById('measure-result');
        return { square_metres: Number(r.dataset.squareMetres), text: r.textContent };
      });
      const e = Math.abs(area.square_metres - expect.area.square_metres) / expect.area.square_metres;
      check(e < 0.005, 'the measure tool reports ' + area.text + ', within 0.5% of Planimeter\'s ' +
            (expect.area.square_metres / 1e6).toFixed(3) + ' km² (' + (100 * e).toFixed(3) + '%)', JSON.stringify(area));
    }
    await page.screenshot({ path: screenshot });
    check(errors.length === 0, 'no console errors after the clicks', errors.join(' | '));
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('FAIL - the browser check stopped: ' + e); process.exit(1); });
