// "Break it" end to end: the search runs in a worker (no long task on the page),
// shows its progress, finds the single crash that breaks at-least-once and places it
// on the diagram; Cancel stops a search; a matrix cell opens its counterexample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labSuite, screenshot } from './helpers.mjs';

const SIZES = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '720x600', width: 720, height: 600 },
  { name: '400x800', width: 400, height: 800 },
];

const suite = labSuite();

const openLab = (preset, viewport) => suite.open(`preset=${preset}`, viewport);

/** From now on, records long tasks and every text the progress line shows. */
async function watch(page) {
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({
      type: 'longtask',
    });
    window.__progress = [];
    const record = () => {
      const el = document.querySelector('[data-testid="breakit-progress"]');
      const t = el?.textContent?.trim();
      if (t && window.__progress.at(-1) !== t) window.__progress.push(t);
      if (el?.querySelector('progress')) window.__bar = true;
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function seekToEnd(page) {
  await page.getByTestId('scrubber').evaluate((el) => {
    el.value = el.max;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** The dialog's box lies inside the viewport and nothing scrolls sideways. */
async function fits(page) {
  return page.getByTestId('breakit').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5,
      sideways: document.documentElement.scrollWidth > innerWidth,
    };
  });
}

for (const size of SIZES) {
  test(`break-it finds the single crash that breaks at-least-once and places it (${size.name})`, async () => {
    const { page, context, errors } = await openLab('db-then-commit', size);
    try {
      await page.click('[data-testid="clear-faults"]');
      // The button says what it does at every size, and lies inside the frame.
      const open = page.getByTestId('breakit-open');
      assert.equal((await open.innerText()).trim(), 'Break it');
      const box = await open.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height, JSON.stringify(box));
      await screenshot(page, `breakit-${size.name}-lab`);
      await watch(page);
      // One key opens it; the search is set to single crashes.
      await page.keyboard.press('b');
      const dialog = page.getByTestId('breakit');
      await dialog.waitFor();
      assert.deepEqual(await fits(page), { inside: true, sideways: false });
      assert.ok(await page.getByTestId('breakit-kind-crash').isChecked());
      await page.getByTestId('breakit-depth-1').check();
      const from = await page.evaluate(() => window.__long.length);
      await page.getByTestId('breakit-start').click();
      const summary = page.getByTestId('breakit-summary');
      await summary.waitFor({ timeout: 20_000 });
      // While the search ran (and its result was drawn), no task held the page.
      const long = await page.evaluate((from) => window.__long.slice(from), from);
      assert.deepEqual(long.filter((d) => d > 50), [], 'no main-thread task over 50 ms while searching');
      assert.match(await summary.textContent(), /Broke it in \d+ of \d+ placements/);
      const smallest = await page.getByTestId('breakit-smallest').textContent();
      assert.match(smallest, /crash after .* → duplicates evt-\d/);
      const seen = await page.evaluate(() => window.__progress);
      assert.ok(
        seen.some((t) => /Searching: \d+ placements? tried · \d+ broke it · first-fault positions \d+ of \d+/.test(t)),
        `progress shown: ${JSON.stringify(seen)}`,
      );
      await screenshot(page, `breakit-${size.name}-result`);

      await page.getByTestId('breakit-place').click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.locator('[data-testid^="placed-fault-"]').count(), 1);
      assert.match(await page.getByTestId('notice').textContent(), /Placed crash after .* Play the run: it duplicates evt-/);
      await seekToEnd(page);
      const outcome = page.getByTestId('verdict-outcome');
      await outcome.waitFor();
      assert.match(await outcome.textContent(), /Verdict: broken\..* holds evt-\d twice/);
      assert.match(await page.getByTestId(`ledger-row-${smallest.match(/duplicates (evt-\d+)/)[1]}`).textContent(), /duplicate/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('cancel stops a long search and the lab stays usable', async () => {
  const { page, context, errors } = await openLab('db-then-commit', { width: 1280, height: 800 });
  try {
    await watch(page);
    await page.getByTestId('breakit-open').click();
    for (const kind of ['lost-ack', 'zombie', 'rebalance']) await page.getByTestId(`breakit-kind-${kind}`).check();
    await page.getByTestId('breakit-depth-3').check();
    const from = await page.evaluate(() => window.__long.length);
    await page.getByTestId('breakit-matrix').click();
    await page.waitForFunction(() => /Filling the matrix: \d+ placements? tried/.test(
      document.querySelector('[data-testid="breakit-progress"]')?.textContent ?? ''));
    assert.ok(await page.getByTestId('breakit-start').isDisabled(), 'no second search while one runs');
    await page.getByTestId('breakit-cancel').click();
    const progress = page.getByTestId('breakit-progress');
    assert.match(await progress.textContent(), /Search cancelled/);
    assert.equal(await progress.locator('progress').count(), 0);
    assert.equal(await page.getByTestId('fault-matrix').count(), 0, 'no matrix from a cancelled search');
    assert.ok(await page.getByTestId('breakit-cancel').isDisabled());
    assert.ok(await page.getByTestId('breakit-start').isEnabled());
    // Nothing arrives from the cancelled search later on.
    await page.waitForTimeout(500);
    assert.match(await progress.textContent(), /Search cancelled/);
    // Escape closes the dialog and gives the focus back to the button.
    await page.keyboard.press('Escape');
    await page.getByTestId('breakit').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'breakit-open');
    const long = await page.evaluate((from) => window.__long.slice(from), from);
    assert.deepEqual(long.filter((d) => d > 50), [], 'no main-thread task over 50 ms while searching');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a matrix cell opens its smallest counterexample', async () => {
  const { page, context, errors } = await openLab('commit-then-db', { width: 1280, height: 800 });
  try {
    assert.equal(await page.getByTestId('design-select').inputValue(), 'at-most-once');
    await page.keyboard.press('b');
    await page.getByTestId('breakit-kind-lost-ack').check();
    await page.getByTestId('breakit-depth-1').check();
    await page.getByTestId('breakit-matrix').click();
    const matrix = page.getByTestId('fault-matrix');
    await matrix.waitFor({ timeout: 20_000 });
    // Icon, word and count in every cell; the fenced transactions hold.
    const holds = page.getByTestId('matrix-kafka-transactions-crash');
    assert.match(await holds.textContent(), /ok\s*0 of \d+/);
    assert.equal(await holds.locator('svg').count(), 1);
    const cell = page.getByTestId('matrix-at-least-once-crash');
    assert.match(await cell.textContent(), /duplicate\s*\d+ of \d+/);
    assert.match(await page.getByTestId('matrix-at-most-once-crash').textContent(), /lost\s*\d+ of \d+/);
    await screenshot(page, 'breakit-1280x800-matrix');
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('breakit').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('design-select').inputValue(), 'at-least-once');
    assert.equal(await page.locator('[data-testid^="placed-fault-"]').count(), 1);
    await seekToEnd(page);
    await page.getByTestId('verdict-outcome').waitFor();
    assert.match(await page.getByTestId('verdict-outcome').textContent(), /Verdict: broken\..* twice/);
    assert.match(await page.getByTestId('ledger').textContent(), /duplicate/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the matrix fits the small frames', async () => {
  for (const size of SIZES.slice(1)) {
    const { page, context, errors } = await openLab('db-then-commit', size);
    try {
      await page.keyboard.press('b');
      await page.getByTestId('breakit-depth-1').check();
      await page.getByTestId('breakit-matrix').click();
      await page.getByTestId('fault-matrix').waitFor({ timeout: 20_000 });
      assert.deepEqual(await fits(page), { inside: true, sideways: false });
      await screenshot(page, `breakit-${size.name}-matrix`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
