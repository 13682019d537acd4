// The first screen: the release build loads and draws the pipeline's six lifelines.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST, serveDist, launchBrowser, openPage, screenshot } from './helpers.mjs';

const LIFELINES = [
  'Producer',
  'Input topic',
  'Processor',
  'State store',
  'Sink',
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
      const svg = page.locator('svg[role="img"]');
      await svg.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await svg.getAttribute('aria-label'), /Producer/);

      const names = await page
        .locator('[data-lifeline]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-lifeline')));
      assert.deepEqual(names, LIFELINES);

      // Each lifeline is drawn: its box has a size and its label is the actor's name.
      for (const name of LIFELINES) {
        const g = page.locator(`[data-lifeline="${name}"]`);
        const box = await g.locator('rect').boundingBox();
        assert.ok(box && box.width > 20 && box.height > 20, `${name}: box not drawn`);
        // A long name wraps onto several lines (tspans) inside the box.
        const lines = await g.locator('text tspan').allTextContents();
        assert.equal(lines.join(' '), name);
        assert.equal(await g.locator('line').count(), 1, `${name}: no lifeline`);
      }

      await assert.doesNotReject(page.locator('footer').getByText(/v\d+\.\d+\.\d+/).waitFor());
      await screenshot(page, `diagram-${viewport.width}x${viewport.height}`);
      assert.deepEqual(errors, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}
