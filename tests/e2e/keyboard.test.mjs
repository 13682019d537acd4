// The whole story with the keyboard alone, in a course-page frame: pick a lesson,
// place a crash, play, read the verdict — in under 15 keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labSuite, openPage, screenshot } from './helpers.mjs';

const suite = labSuite();

const active = (page, attr) =>
  page.evaluate((a) => document.activeElement?.getAttribute(a) ?? null, attr);

for (const viewport of [
  { width: 720, height: 600 },
  { width: 400, height: 800 },
]) {
  test(`keyboard only at ${viewport.width}x${viewport.height}: lesson, crash, play, verdict`, async () => {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url, viewport);
    try {
      await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 15_000 });
      let keys = 0;
      const press = async (key) => {
        keys += 1;
        await page.keyboard.press(key);
      };

      // Pick the at-most-once lesson in the lesson picker.
      while ((await active(page, 'data-testid')) !== 'preset-select') {
        await press('Tab');
        assert.ok(keys < 5, 'the lesson picker is among the first stops');
      }
      await press('ArrowDown');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="preset-select"]').value === 'commit-then-db',
      );
      // Leave the pickers and clear the lesson's own crash.
      await press('Tab');
      await press('Tab');
      assert.equal(await active(page, 'data-testid'), 'clear-faults');
      await press('Enter');
      await page.locator('[data-testid^="placed-fault-"]').first().waitFor({ state: 'detached' });

      // `d` jumps into the diagram, ↓ walks its gaps to the offset commit of evt-1.
      await press('d');
      assert.equal(await active(page, 'data-testid'), 'gap-0');
      const target = 'Gap after: commitSync(offset 1)';
      while ((await active(page, 'aria-label')) !== target) {
        await press('ArrowDown');
        assert.ok(keys < 14, `reached "${await active(page, 'aria-label')}" instead`);
      }
      await press('c');
      const token = page.getByTestId('placed-fault-0');
      await token.waitFor();
      assert.equal(await token.getAttribute('data-fault-kind'), 'crash');
      // The focus stayed on the gap: the edit did not replace it.
      assert.equal(await active(page, 'aria-label'), target);
      assert.match(await page.getByTestId('notice').textContent(), /after step 4, commitSync/);

      // Space plays, from the gap.
      await press(' ');
      assert.equal(await page.getByTestId('play').getAttribute('aria-label'), 'Pause');
      assert.ok(keys < 15, `the story took ${keys} keys`);
      await page.waitForFunction(
        () => /step (\d+) \/ \1\b/.test(document.querySelector('[data-testid="step-counter"]').textContent),
        null,
        { timeout: 60_000 },
      );

      // The verdict: the offset was committed before the crash, so evt-1 is lost.
      const row = page.locator('[data-testid="ledger-row-evt-1"]');
      assert.equal(await row.getAttribute('data-verdict'), 'lost');
      assert.match(await page.getByTestId('outcome-banner').textContent(), /sink order_events is missing evt-1/);
      await screenshot(page, `keyboard-${viewport.width}x${viewport.height}`);
      assert.deepEqual(errors, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}
