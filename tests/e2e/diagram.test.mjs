// The first screen: the release build loads and draws the pipeline's six lifelines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST, serveDist, launchBrowser, openPage, screenshot } from './helpers.mjs';

// The lab opens on its first preset (at-least-once), named in the lesson's words.
const LIFELINES = [
  'Producer',
  'Input topic orders',
  'Processor',
  'State store totals-store',
  'Sink order_events',
  'Downstream reader',
];

let server;
let browser;

before(async () => {
  assert.ok(
    existsSync(path.join(DIST, 'index.html')),
    'dist/index.html is missing: run `trunk build --release --public-url ./` first',
  );
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 400, height: 800 },
]) {
  test(`the diagram shows six lifelines at ${viewport.width}x${viewport.height}`, async () => {
    const { page, context, errors } = await openPage(browser, server.url, viewport);
    try {
      assert.equal(await page.title(), 'EOS Lab');
      const svg = page.locator('svg.sequence-diagram');
      await svg.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await svg.getAttribute('aria-label'), /Producer/);

      const names = await page
        .locator('[data-lifeline]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-lifeline')));
      assert.deepEqual(names, LIFELINES);

      // Each lifeline is drawn: its head has a size and shows the actor's name, and
      // its dashed line runs down the diagram.
      for (const name of LIFELINES) {
        const head = page.locator(`[data-lifeline="${name}"]`);
        const box = await head.boundingBox();
        assert.ok(box && box.width > 20 && box.height > 20, `${name}: head not drawn`);
        assert.equal((await head.innerText()).replace(/\s+/g, ' '), name);
      }
      assert.equal(await page.locator('svg .lifeline-line').count(), LIFELINES.length);

      await assert.doesNotReject(page.locator('footer').getByText(/v\d+\.\d+\.\d+/).waitFor());
      await screenshot(page, `diagram-${viewport.width}x${viewport.height}`);
      assert.deepEqual(errors, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}
