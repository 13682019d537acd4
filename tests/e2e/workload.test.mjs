// Your own pipeline end to end: type five events on two partitions into the workload
// editor, drag a crash with real pointer events onto the gap right after one edited
// event's INSERT, play to the end, and read its duplicate in the ledger; at the three
// sizes a course page gives the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labSuite, openPage, screenshot } from './helpers.mjs';

const EVENTS = [
  ['pay-1', 'alice', '10', '0'],
  ['pay-2', 'bob', '20', '1'],
  ['pay-3', 'alice', '30', '0'],
  ['pay-4', 'carol', '40', '1'],
  ['pay-5', 'bob', '50', '0'],
];

const suite = labSuite();

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
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
  await page.mouse.move(b.x + Math.min(120, b.width / 2), b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Types `text` into the field with `testid` and leaves it with Tab (which applies it). */
async function type(page, testid, text) {
  const field = page.getByTestId(testid);
  await field.click();
  await field.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
}

/** Whether the page scrolls sideways. */
async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 720, height: 600 },
  { width: 400, height: 800 },
]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`${size}: five typed events on two partitions, a dragged crash duplicates pay-4`, async () => {
    const { page, context, errors } = await openPage(
      suite.browser,
      `${suite.server.url}?preset=db-then-commit`,
      viewport,
    );
    try {
      await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 15_000 });
      await page.getByTestId('clear-faults').click();
      const editor = page.getByTestId('workload');
      await editor.locator('summary').click();
      await page.getByTestId('workload-editor').waitFor({ state: 'visible' });

      await type(page, 'partitions', '2');
      assert.match(await editor.locator('summary').textContent(), /3 events on 2 partitions/);
      await page.getByTestId('add-event').click();
      await page.getByTestId('add-event').click();
      assert.equal(await page.locator('.wl-row').count(), 5);
      for (const [i, [id, key, amount, partition]] of EVENTS.entries()) {
        await type(page, `event-${i}-id`, id);
        await type(page, `event-${i}-key`, key);
        await type(page, `event-${i}-amount`, amount);
        await type(page, `event-${i}-partition`, partition);
      }

      // A partition past the count is refused beside its field and put back.
      await type(page, 'event-4-partition', '5');
      const partition = page.getByTestId('event-4-partition');
      assert.equal(await partition.inputValue(), '0');
      assert.equal(await partition.getAttribute('aria-invalid'), 'true');
      // The message is tied to its field.
      const described = await partition.getAttribute('aria-describedby');
      assert.ok(described, 'the field names its message');
      assert.match(
        await page.locator(`[id="${described}"]`).textContent(),
        /Partition 5 does not exist: the topic has 2 partitions \(0 to 1\)\. Not used: .5.; kept 0\./,
      );
      assert.equal(await scrollsSideways(page), false, 'no sideways scroll with the editor open');
      await screenshot(page, `workload-${size}-editor`);
      await type(page, 'event-4-partition', '0');
      assert.equal(await page.getByTestId('event-4-partition').getAttribute('aria-invalid'), null);

      assert.equal(await page.locator('[data-testid^="ledger-row-"]').count(), 5);
      assert.equal(await page.locator('[data-testid="ledger-row-pay-4"]').count(), 1);

      // Close the editor and drag a crash right after pay-4's INSERT.
      await editor.locator('summary').click();
      const gap = page.getByRole('button', { name: 'Gap after: INSERT order_events (pay-4)', exact: true });
      await drag(page, page.getByTestId('token-crash'), gap);
      const token = page.getByTestId('placed-fault-0');
      await token.waitFor();
      assert.equal(await token.getAttribute('data-fault-kind'), 'crash');

      await page.getByTestId('speed').selectOption({ label: '4×' });
      await page.getByTestId('play').click();
      await page.waitForFunction(
        () => /step (\d+) \/ \1\b/.test(document.querySelector('[data-testid="step-counter"]').textContent),
        null,
        { timeout: 60_000 },
      );
      const row = page.locator('[data-testid="ledger-row-pay-4"]');
      assert.equal(await row.getAttribute('data-verdict'), 'duplicate');
      assert.match(await row.textContent(), /duplicate/i);
      for (const id of ['pay-1', 'pay-2', 'pay-3', 'pay-5']) {
        assert.equal(
          await page.locator(`[data-testid="ledger-row-${id}"]`).getAttribute('data-verdict'),
          'ok',
          `${id} took effect once`,
        );
      }
      assert.equal(await scrollsSideways(page), false, 'no sideways scroll');
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, `workload-${size}-duplicate`);

      // Removing pay-4 takes its crash with it, and the lab says so.
      await editor.locator('summary').click();
      await page.getByRole('button', { name: 'Remove pay-4', exact: true }).click();
      await page.getByTestId('placed-fault-0').waitFor({ state: 'detached' });
      assert.match(
        await page.getByTestId('notice').textContent(),
        /Removed pay-4\. Dropped the crash after the sink write of pay-4: its event pay-4 was removed\./,
      );
      assert.deepEqual(errors, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}

/** Presses Tab until `done(activeElement)` holds in the page. */
async function tabUntil(page, done, what, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(done)) return;
  }
  assert.fail(`Tab never reached ${what}`);
}

test('keyboard only: open the editor, add an event, set its amount, remove it again', async () => {
  const { page, context, errors } = await openPage(
    suite.browser,
    `${suite.server.url}?preset=db-then-commit`,
    { width: 720, height: 600 },
  );
  try {
    await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 15_000 });
    await tabUntil(
      page,
      () => document.activeElement?.closest('summary')?.parentElement?.dataset.testid === 'workload',
      'the workload summary',
    );
    await page.keyboard.press('Enter');
    await page.getByTestId('workload-editor').waitFor({ state: 'visible' });
    await tabUntil(page, () => document.activeElement?.dataset.testid === 'add-event', '"Add event"');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.wl-row').count(), 4);
    assert.equal(await page.getByTestId('event-3-id').inputValue(), 'evt-4');
    await tabUntil(page, () => document.activeElement?.dataset.testid === 'event-3-amount', 'the new amount');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('75');
    await page.keyboard.press('Enter');
    assert.equal(
      await page.evaluate(() => document.activeElement?.dataset.testid),
      'event-3-amount',
      'Enter applies the amount and focus stays',
    );
    assert.match(await page.getByTestId('notice').textContent(), /Amount of evt-4 is now 75\./);
    const ledger = page.getByTestId('ledger-row-evt-4');
    assert.match(await ledger.textContent(), /75/);
    // Remove it with the keyboard: the button names the event it removes.
    await tabUntil(
      page,
      () => document.activeElement?.getAttribute('aria-label') === 'Remove evt-4',
      '"Remove evt-4"',
    );
    await page.keyboard.press('Space');
    assert.equal(await page.locator('.wl-row').count(), 3);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      'Remove evt-3',
      'focus moves to the event before',
    );
    await screenshot(page, 'workload-720x600-keyboard');
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});
