// The lab end to end: drag a crash onto the diagram with real pointer events, watch
// the ledger, switch the design, place faults by keyboard only, step with the arrows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labSuite, screenshot, tabIntoDiagram, arrowTo, counter } from './helpers.mjs';

const INSERT_EVT2 = 'Gap after: INSERT order_events (evt-2)';

const suite = labSuite();

/** Opens the lab on `preset` and waits for the diagram. */
const openLab = (preset, viewport) => suite.open(`preset=${preset}`, viewport);

/** Moves the cursor to the end of the run with the step-forward button. */
async function stepToEnd(page) {
  const [, n] = await counter(page);
  const forward = page.getByTestId('step-forward');
  for (let i = 0; i < n + 1 && (await forward.isEnabled()); i++) {
    await forward.click();
  }
  assert.deepEqual(await counter(page), [n, n]);
}

/** Drags `from` onto `to` with the mouse, through real pointer events. */
async function drag(page, from, to) {
  // Centred in its scroller, so the sticky lifeline heads never cover the target.
  await to.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }));
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  assert.ok(a && b, 'both ends of the drag are on screen');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  // Several moves, as a hand would make them; the last lands on the target.
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
  await page.mouse.move(b.x + Math.min(120, b.width / 2), b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Tabs into the diagram (one tab stop) and moves with ↓ to the gap `label`. */
async function tabTo(page, label) {
  await tabIntoDiagram(page);
  await arrowTo(page, label);
}

function ledgerRow(page, id) {
  return page.locator(`[data-testid="ledger-row-${id}"]`);
}

test('a crash dragged after the INSERT duplicates evt-2; Kafka transactions do not', async () => {
  const { page, context, errors } = await openLab('db-then-commit', { width: 1280, height: 800 });
  try {
    await page.getByTestId('clear-faults').click();
    assert.equal(await page.locator('[data-testid^="placed-fault-"]').count(), 0);
    const [, before] = await counter(page);

    const gap = page.getByRole('button', { name: INSERT_EVT2, exact: true });
    await drag(page, page.getByTestId('token-crash'), gap);

    const token = page.getByTestId('placed-fault-0');
    await token.waitFor();
    assert.equal(await token.getAttribute('data-fault-kind'), 'crash');
    const [, after] = await counter(page);
    assert.ok(after > before, `the crash and its recovery add steps (${before} → ${after})`);
    // The fault is drawn as a band in the diagram.
    assert.equal(await page.locator('.fault-step[data-fault-kind="crash"]').count(), 1);

    await page.getByTestId('speed').selectOption({ label: '4×' });
    await page.getByTestId('play').click();
    await page.waitForFunction(
      () => /step (\d+) \/ \1\b/.test(document.querySelector('[data-testid="step-counter"]').textContent),
      null,
      { timeout: 30_000 },
    );
    const row = ledgerRow(page, 'evt-2');
    assert.equal(await row.getAttribute('data-verdict'), 'duplicate');
    assert.match(await row.textContent(), /duplicate/i);
    await screenshot(page, 'lab-1280x800-duplicate');

    // Kafka transactions: the INSERT does not exist in this design, so the crash
    // waits above the diagram until it is dragged to the same moment here, right
    // after evt-2's output record is sent.
    await page.getByTestId('design-select').selectOption('kafka-transactions');
    const waiting = page.getByTestId('placed-fault-0');
    assert.match(await waiting.getAttribute('aria-label'), /not reached/);
    await drag(
      page,
      waiting,
      page.getByRole('button', { name: 'Gap after: send OrderCounted evt-2', exact: true }),
    );
    assert.match(
      await page.getByTestId('placed-fault-0').getAttribute('aria-label'),
      /placed after: send OrderCounted evt-2/,
    );
    assert.equal(await page.locator('.fault-step[data-fault-kind="crash"]').count(), 1);
    await stepToEnd(page);
    assert.equal(await page.locator('[data-verdict="duplicate"]').count(), 0);
    assert.equal(await ledgerRow(page, 'evt-2').getAttribute('data-verdict'), 'ok');
    await screenshot(page, 'lab-1280x800-kafka');
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

test('dropping where a fault does not fit says why and places nothing', async () => {
  const { page, context, errors } = await openLab('db-then-commit', { width: 1280, height: 800 });
  try {
    await page.getByTestId('clear-faults').click();
    const gap = page.getByRole('button', { name: INSERT_EVT2, exact: true });
    await drag(page, page.getByTestId('token-relay-crash'), gap);
    assert.equal(await page.locator('[data-testid^="placed-fault-"]').count(), 0);
    assert.match(await page.getByTestId('notice').textContent(), /relay/);
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 400, height: 800 },
]) {
  test(`keyboard only at ${viewport.width}x${viewport.height}: place, move, step`, async () => {
    const { page, context, errors } = await openLab('db-then-commit', viewport);
    try {
      await page.getByTestId('clear-faults').click();
      await tabTo(page, INSERT_EVT2);
      await page.keyboard.press('c');
      const token = page.getByTestId('placed-fault-0');
      await token.waitFor();
      assert.equal(await token.getAttribute('data-fault-kind'), 'crash');
      // Focus stayed on the gap, which now names the placed crash in its hint.
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
        INSERT_EVT2,
      );

      await stepToEnd(page);
      assert.equal(await ledgerRow(page, 'evt-2').getAttribute('data-verdict'), 'duplicate');

      // Move the crash one fitting gap later with the arrow keys, then back.
      await token.focus();
      const at = await token.getAttribute('data-at');
      await page.keyboard.press('ArrowRight');
      await page.getByTestId('placed-fault-0').waitFor();
      assert.notEqual(
        await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
        null,
      );
      assert.notEqual(await page.getByTestId('placed-fault-0').getAttribute('data-at'), at);
      await page.keyboard.press('ArrowLeft');
      assert.equal(await page.getByTestId('placed-fault-0').getAttribute('data-at'), at);
      await stepToEnd(page);
      assert.equal(await ledgerRow(page, 'evt-2').getAttribute('data-verdict'), 'duplicate');

      // Step back and forth with ← and →: the counter and the panels follow.
      await page.getByTestId('step-back').focus();
      const [end, n] = await counter(page);
      assert.equal(end, n);
      const panels = page.locator('section.panels');
      const atEnd = await panels.innerText();
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      assert.deepEqual(await counter(page), [n - 2, n]);
      assert.equal(await page.getByTestId('scrubber').inputValue(), String(n - 2));
      const twoBack = await panels.innerText();
      assert.notEqual(twoBack, atEnd, 'the panels show the earlier step');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await counter(page), [n, n]);
      assert.equal(await panels.innerText(), atEnd);

      // Delete removes the placed crash again.
      await page.getByTestId('placed-fault-0').focus();
      await page.keyboard.press('Delete');
      await page.getByTestId('placed-fault-0').waitFor({ state: 'detached' });

      // The help lists the shortcuts; Escape closes it.
      await page.getByTestId('step-back').focus();
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await screenshot(page, `lab-${viewport.width}x${viewport.height}-help`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
        'step-back',
        'closing the help gives focus back',
      );

      await screenshot(page, `lab-${viewport.width}x${viewport.height}`);
      assert.deepEqual(errors, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}

test('a placed fault dragged off the diagram is removed', async () => {
  const { page, context, errors } = await openLab('db-then-commit', { width: 1280, height: 800 });
  try {
    const placed = page.getByTestId('placed-fault-0');
    await placed.waitFor();
    await drag(page, placed, page.getByTestId('token-zombie'));
    await placed.waitFor({ state: 'detached' });
    assert.match(await page.getByTestId('notice').textContent(), /Removed/);
    await stepToEnd(page);
    assert.equal(await ledgerRow(page, 'evt-2').getAttribute('data-verdict'), 'ok');
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

test('phone: a crash dragged by touch lands on the gap', async () => {
  const context = await suite.browser.newContext({
    viewport: { width: 400, height: 800 },
    hasTouch: true,
    isMobile: true,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${suite.server.url}?preset=db-then-commit`);
    await page.locator('svg.sequence-diagram').waitFor();
    await page.getByTestId('clear-faults').tap();
    const token = page.getByTestId('token-crash');
    const gap = page.getByRole('button', { name: INSERT_EVT2, exact: true });
    await gap.scrollIntoViewIfNeeded();
    await token.scrollIntoViewIfNeeded();
    const a = await token.boundingBox();
    const b = await gap.boundingBox();
    // A finger: touchstart on the token, a few moves, touchend on the gap.
    const cdp = await context.newCDPSession(page);
    const touch = (type, x, y) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y }],
      });
    const [x0, y0] = [a.x + a.width / 2, a.y + a.height / 2];
    const [x1, y1] = [b.x + Math.min(120, b.width / 2), b.y + b.height / 2];
    await touch('touchStart', x0, y0);
    for (let i = 1; i <= 10; i++) {
      await touch('touchMove', x0 + ((x1 - x0) * i) / 10, y0 + ((y1 - y0) * i) / 10);
    }
    await touch('touchEnd', x1, y1);
    const placed = page.getByTestId('placed-fault-0');
    await placed.waitFor();
    assert.equal(await placed.getAttribute('data-fault-kind'), 'crash');
    assert.match(await page.getByTestId('notice').textContent(), /INSERT order_events \(evt-2\)/);
    await screenshot(page, 'lab-400x800-placed');
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});
