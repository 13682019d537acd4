// Compare end to end: one crash after the sink write under every design, with real
// pointer and keyboard events; a lane opens its design with the same faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labSuite, screenshot } from './helpers.mjs';

const suite = labSuite();

/** Opens the lab on `preset` and waits for the diagram. */
const openLab = (preset, viewport) => suite.open(`preset=${preset}`, viewport);

const lane = (page, slug) => page.locator(`.cmp-lane[data-design="${slug}"]`);

/** The placed faults on the diagram, as their accessible names. */
async function placedFaults(page) {
  return page.locator('.placed-fault').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
}

/** Clicks with the mouse at the centre of `locator` (real pointer events). */
async function mouseClick(page, locator) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  assert.ok(box, 'the element has a box');
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(12, box.height / 2));
  await page.mouse.down();
  await page.mouse.up();
}

test('a crash after the sink write: the lanes diverge, and a lane opens its design', async () => {
  const { page, context, errors } = await openLab('db-then-commit');
  const faultsBefore = await placedFaults(page);
  assert.equal(faultsBefore.length, 1);

  await mouseClick(page, page.getByTestId('compare-toggle'));
  await page.getByTestId('compare').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('compare-lane').count(), 9);
  assert.equal(await page.locator('svg.sequence-diagram').count(), 0, 'the lanes replace the diagram');
  assert.match(await page.getByTestId('compare-axis').textContent(), /One clock for all lanes: each shows its run up to t = \d/);

  // At-least-once replays evt-2 and writes it again; the two-phase-commit sink holds.
  const alo = lane(page, 'at-least-once');
  assert.equal(await alo.getAttribute('data-verdict'), 'duplicate');
  assert.match(await alo.getByTestId('compare-verdict').textContent(), /duplicate.*duplicate 1/);
  assert.match(await alo.getByTestId('compare-total').textContent(), /200 of 150 expected ≠/);
  assert.match(await alo.getByTestId('compare-departure').textContent(), /Departs from exactly once at step \d+: evt-2/);
  const tpc = lane(page, 'two-phase-commit');
  assert.equal(await tpc.getAttribute('data-verdict'), 'exactly-once');
  assert.match(await tpc.getByTestId('compare-verdict').textContent(), /exactly once/);
  assert.equal(await tpc.getByTestId('compare-departure').count(), 0);
  // Kafka transactions has no sink-write step: the crash comes after its
  // counterpart, the produce, says so, and the aborted transaction keeps it exact.
  const eos = lane(page, 'kafka-transactions');
  assert.match(await eos.getByTestId('compare-moved').textContent(), /Crash after “produce”: .*has no “sink write” step/);
  assert.equal(await eos.getAttribute('data-verdict'), 'exactly-once');
  // The email-like external call is outside that transaction: called again.
  assert.equal(await lane(page, 'transactions-external').getAttribute('data-verdict'), 'duplicate');

  // One shared cursor: stepping to the end passes at-least-once's departure mark.
  assert.equal(await alo.getAttribute('data-departed'), 'no');
  const [, end] = (await page.getByTestId('step-counter').textContent()).match(/\/\s*(\d+)/);
  await page.getByTestId('scrubber').fill(end);
  assert.equal(await alo.getAttribute('data-departed'), 'yes');
  assert.match(await alo.getByTestId('compare-now').textContent(), /^Step (\d+) of \1:/, 'every lane at its end');

  for (const [name, viewport] of [
    ['compare-1280x800', { width: 1280, height: 800 }],
    ['compare-720x600', { width: 720, height: 600 }],
    ['compare-400x800', { width: 400, height: 800 }],
  ]) {
    await page.setViewportSize(viewport);
    await screenshot(page, name);
    // The lanes scroll inside their region: the page itself never scrolls.
    const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    assert.ok(overflow <= 1, `${name}: the page overflows by ${overflow}px`);
    // Each of the nine lanes can be brought into view inside the region, its name
    // and verdict whole and at a readable size.
    for (const el of await page.getByTestId('compare-lane').all()) {
      await el.scrollIntoViewIfNeeded();
      const name = el.locator('.cmp-name');
      const box = await name.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height, `${name}: a lane's name is in view`);
      const size = await name.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      assert.ok(size >= 12, `${name}: font size ${size}px`);
      assert.ok(await el.getByTestId('compare-verdict').isVisible());
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // Clicking a lane opens its design in the main view with the same fault.
  await mouseClick(page, tpc);
  await page.locator('svg.sequence-diagram').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('compare').count(), 0);
  assert.equal(await page.getByTestId('design-select').inputValue(), 'two-phase-commit');
  const faultsAfter = await placedFaults(page);
  assert.equal(faultsAfter.length, 1);
  assert.match(faultsAfter[0], /crash/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: v opens compare, arrows move between lanes, Enter opens one', async () => {
  const { page, context, errors } = await openLab('db-then-commit', { width: 720, height: 600 });
  await page.keyboard.press('v');
  await page.getByTestId('compare').waitFor({ state: 'visible' });
  // The lane of the design the lab shows has the focus.
  await page.waitForFunction(() => document.activeElement?.dataset.design === 'at-least-once');
  await page.keyboard.press('ArrowDown'); // idempotent sink
  await page.keyboard.press('ArrowDown'); // dedup store
  await page.keyboard.press('ArrowDown'); // Kafka transactions
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.design), 'kafka-transactions');
  // ← → still move the shared cursor from a lane.
  await page.keyboard.press('ArrowRight');
  assert.match(await page.getByTestId('step-counter').textContent(), /moment 1 \//);
  await page.keyboard.press('Enter');
  await page.locator('svg.sequence-diagram').waitFor({ state: 'visible' });
  assert.equal(await page.getByTestId('design-select').inputValue(), 'kafka-transactions');
  assert.equal(await page.locator('.placed-fault').count(), 1, 'the lane\'s fault, after the produce');
  assert.doesNotMatch(await page.locator('.placed-fault').getAttribute('aria-label'), /not reached/);
  // The focus is back on the toggle; Enter reopens compare, v closes it.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'compare-toggle');
  await page.keyboard.press('Enter');
  await page.getByTestId('compare').waitFor({ state: 'visible' });
  await page.keyboard.press('v');
  await page.locator('svg.sequence-diagram').waitFor({ state: 'visible' });
  assert.deepEqual(errors, []);
  await context.close();
});
