// The first screen: the release build loads and draws the pipeline's six lifelines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { labSuite, openPage, screenshot } from './helpers.mjs';

// The lab opens on its first preset (at-least-once), named in the lesson's words.
const LIFELINES = [
  'Producer',
  'Input topic orders',
  'Processor',
  'State store totals-store',
  'Sink order_events',
  'Downstream reader',
];

const suite = labSuite();

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 400, height: 800 },
]) {
  test(`the diagram shows six lifelines at ${viewport.width}x${viewport.height}`, async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url, viewport);
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

/** Heads wider than their lane, or whose text overflows them. */
function clippedHeads(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-lifeline]')]
      .filter((h) => {
        const lane = h.parentElement.getBoundingClientRect();
        const box = h.getBoundingClientRect();
        return (
          box.width > lane.width + 0.5 ||
          h.scrollWidth > h.clientWidth + 1 ||
          h.scrollHeight > h.clientHeight + 1
        );
      })
      .map((h) => h.getAttribute('data-lifeline')),
  );
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 720, height: 600 },
  { width: 400, height: 800 },
]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`an eight-lane design at ${size}: whole heads, the boundary, no page scroll`, async () => {
    const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}?preset=loyalty-email`, viewport);
    try {
      await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await page.locator('[data-lifeline]').count(), 8);
      assert.deepEqual(await clippedHeads(page), [], 'every head shows its whole name');

      // The exactly-once boundary: shaded, labelled, the email provider outside.
      assert.ok((await page.locator('svg .eos-region').count()) >= 1);
      await page.locator('.eos-label', { hasText: 'exactly-once boundary: one atomic commit' }).waitFor();
      const outside = page.locator('.lifeline-head.outside');
      assert.match(await outside.first().getAttribute('data-lifeline'), /External API/);

      // No label runs past the diagram's right edge (long ones are shortened at a word).
      const overflow = await page.evaluate(() => {
        const svg = document.querySelector('svg.sequence-diagram');
        const right = svg.getBoundingClientRect().right;
        return [...svg.querySelectorAll('text')]
          .filter((t) => t.getBoundingClientRect().right > right + 1)
          .map((t) => t.textContent);
      });
      assert.deepEqual(overflow, [], 'labels inside the diagram');

      // The page never scrolls sideways; the diagram does, inside itself.
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways}px`);
      const scroller = page.locator('.diagram-scroll');
      const { scrollW, clientW } = await scroller.evaluate((s) => ({
        scrollW: s.scrollWidth,
        clientW: s.clientWidth,
      }));
      if (scrollW > clientW) {
        // Scrolled to the right, the heads and the step numbers stay in view.
        await scroller.evaluate((s) => {
          s.scrollLeft = s.scrollWidth;
          s.scrollTop = 200;
        });
        const kept = await page.evaluate(() => {
          const box = document.querySelector('.diagram-scroll').getBoundingClientRect();
          const no = document.querySelector('.step-nos').getBoundingClientRect();
          const head = document.querySelector('.diagram-head').getBoundingClientRect();
          return { noLeft: no.left - box.left, headTop: head.top - box.top };
        });
        assert.ok(Math.abs(kept.noLeft) <= 2, `step numbers stay at the left (${kept.noLeft})`);
        assert.ok(Math.abs(kept.headTop) <= 2, `heads stay at the top (${kept.headTop})`);
      }
      await page.locator('.diagram').screenshot({
        path: path.join(path.dirname(await screenshot(page, `eight-lanes-${size}`)), `diagram-only-${size}.png`),
      });
      assert.deepEqual(errors, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}

test('a click anywhere on a row moves the cursor there', async () => {
  const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}?preset=lost-ack`, {
    width: 1280,
    height: 800,
  });
  try {
    const svg = page.locator('svg.sequence-diagram');
    await svg.waitFor({ state: 'visible', timeout: 15_000 });
    const box = await svg.boundingBox();
    // Near the right edge of the fifth row: no label, no arrow there.
    await page.mouse.click(box.x + box.width - 8, box.y + 4 * 26 + 13);
    assert.match(await page.getByTestId('step-counter').textContent(), /step 5 \//);
    // On the step number of the second row.
    const nos = await page.locator('.step-nos').boundingBox();
    await page.mouse.click(nos.x + 20, nos.y + 26 + 13);
    assert.match(await page.getByTestId('step-counter').textContent(), /step 2 \//);
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});
