// Predict, then reveal, end to end: guesses made with the mouse and the keyboard
// before the run plays, the ledger's verdict on them at the end (each difference
// explained by its chain of steps), play refused under ?predict until a guess is
// made, and the prediction kept across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labSuite, screenshot, counter } from './helpers.mjs';

const suite = labSuite();

/** Opens the lab at `query` and waits for the diagram. */
const openLab = (query, viewport) => suite.open(query, viewport);

/** The radio button for `choice` (ok / lost / duplicate, yes / no) of `group`. */
function choice(page, group, word) {
  return page.getByTestId(`guess-${group}`).locator(`label[data-choice="${word}"]`);
}

/** Clicks the choice's label with the mouse, as a learner would. */
async function pick(page, group, word) {
  const label = choice(page, group, word);
  await label.scrollIntoViewIfNeeded();
  const box = await label.boundingBox();
  assert.ok(box, `the ${word} choice of ${group} is on screen`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  assert.ok(await label.locator('input').isChecked(), `${group} ${word} is checked`);
}

/** Clicks the middle of `locator` with the mouse (also on an aria-disabled button). */
async function clickAt(page, locator) {
  const box = await locator.boundingBox();
  assert.ok(box, 'the target is on screen');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Plays at 4× with the Play button and waits for the end of the run. */
async function playToEnd(page) {
  await page.getByTestId('speed').selectOption({ label: '4×' });
  await page.getByTestId('play').click();
  await page.waitForFunction(
    () => /step (\d+) \/ \1\b/.test(document.querySelector('[data-testid="step-counter"]').textContent),
    null,
    { timeout: 30_000 },
  );
}

test('a prediction of ok on db-then-commit is marked wrong, with the replay that explains it', async () => {
  const { page, context, errors } = await openLab('preset=db-then-commit');
  try {
    assert.equal(await page.getByTestId('predict-status').textContent(), 'not made');
    for (const id of ['evt-1', 'evt-2', 'evt-3']) await pick(page, id, 'ok');
    assert.equal(await page.getByTestId('predict-status').textContent(), 'made');
    await screenshot(page, 'predict-1280x800-form');
    // Nothing is revealed before the end.
    assert.equal(await page.getByTestId('prediction-reveal').count(), 0);
    await playToEnd(page);
    // The form is locked once the run has moved.
    assert.ok(await choice(page, 'evt-2', 'lost').locator('input').isDisabled());

    const cell = page.getByTestId('ledger-guess-evt-2');
    assert.equal(await cell.getAttribute('data-right'), 'false');
    assert.match(await cell.textContent(), /ok\s+wrong/);
    assert.equal(await page.getByTestId('ledger-guess-evt-1').getAttribute('data-right'), 'true');
    const item = page.getByTestId('prediction-item-evt-2');
    const text = await item.textContent();
    assert.match(text, /you said\s+ok, the run:\s+duplicate/);
    assert.match(text, /replayed it from offset/);
    assert.match(text, /crash/i);
    const steps = item.locator('.pn-chain button');
    assert.ok((await steps.count()) >= 4, 'the chain names the write, crash, replay and second write');
    assert.match(await page.getByTestId('prediction-reveal').textContent(), /2 of 3 right/);
    assert.match(await page.getByTestId('verdict-totals').textContent(), /your prediction: 2 of 3 right/);
    await page.getByTestId('ledger').scrollIntoViewIfNeeded();
    await screenshot(page, 'predict-1280x800-reveal');

    // A step of the chain moves the cursor right after it.
    const first = await steps.first().textContent();
    await steps.first().click();
    const [at] = await counter(page);
    assert.equal(`step ${at}`, first.trim());
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

test('a right prediction made by keyboard alone is marked right', async () => {
  const { page, context, errors } = await openLab('preset=db-then-commit', { width: 720, height: 600 });
  try {
    // Into the first group with the keyboard: Tab from the summary of the form.
    await page.getByTestId('predict').locator('summary').focus();
    let guard = 0;
    while (!(await page.evaluate(() => document.activeElement?.name === 'guess-evt-1'))) {
      await page.keyboard.press('Tab');
      assert.ok(++guard < 20, 'Tab reaches the first guess');
    }
    // Space checks the focused radio (ok); the arrows move within a group.
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // evt-2: ok …
    await page.keyboard.press('ArrowRight'); // … lost …
    await page.keyboard.press('ArrowRight'); // … duplicate
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // evt-3: ok
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // total right: yes …
    await page.keyboard.press('ArrowRight'); // … no
    for (const [g, w] of [['evt-1', 'ok'], ['evt-2', 'duplicate'], ['evt-3', 'ok'], ['total', 'no']]) {
      assert.ok(await choice(page, g, w).locator('input').isChecked(), `${g} ${w} checked by keyboard`);
    }
    await screenshot(page, 'predict-720x600-form');
    // Space on the page (not on a control) plays; → steps.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('ArrowRight');
    assert.equal((await counter(page))[0], 1);
    await playToEnd(page);
    const reveal = page.getByTestId('prediction-reveal');
    assert.equal(await reveal.getAttribute('data-all-right'), 'true');
    assert.match(await reveal.textContent(), /4 of 4 right/);
    for (const id of ['evt-1', 'evt-2', 'evt-3']) {
      assert.equal(await page.getByTestId(`ledger-guess-${id}`).getAttribute('data-right'), 'true');
    }
    assert.equal(await page.locator('[data-testid^="prediction-item-"]').count(), 0);
    assert.ok(await page.getByTestId('verdict-strip').isVisible());
    // The score in the verdict strip leads to the reveal, below the panels here.
    await page.getByTestId('predict-reveal-jump').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'prediction-reveal');
    const box = await reveal.boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 600, `the reveal is in view (y = ${box?.y})`);
    await screenshot(page, 'predict-720x600-reveal');
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

test('with ?predict play waits for a prediction, and a reload keeps it', async () => {
  const { page, context, errors } = await openLab('preset=db-then-commit&predict', { width: 400, height: 800 });
  try {
    assert.ok(await page.getByTestId('predict-first').isVisible());
    const play = page.getByTestId('play');
    assert.equal(await play.getAttribute('aria-disabled'), 'true');
    await clickAt(page, play);
    assert.equal((await counter(page))[0], 0, 'Play is refused');
    assert.match(await page.getByTestId('notice').textContent(), /Make a prediction first/);
    // The shortcuts are refused too.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    assert.equal((await counter(page))[0], 0, 'the keyboard cannot play either');
    await page.getByTestId('step-forward').click();
    assert.equal((await counter(page))[0], 0, 'nor the step button');
    // Nor the slider: dragged with the mouse, its thumb goes back to step 0.
    const slider = page.getByTestId('scrubber');
    const box = await slider.boundingBox();
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    assert.equal((await counter(page))[0], 0, 'nor the slider');
    assert.equal(await slider.inputValue(), '0');
    // Comparing the designs or searching for a breaking placement would show the
    // outcome: they wait for the prediction too.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('v');
    await page.keyboard.press('b');
    await page.getByTestId('compare-toggle').click();
    assert.equal(await page.getByTestId('compare').count(), 0, 'no compare view yet');
    assert.equal(await page.locator('#breakit-title').count(), 0, 'no break-it dialog yet');
    assert.match(await page.getByTestId('notice').textContent(), /Make a prediction first/);
    await screenshot(page, 'predict-400x800-asked');

    // The form sits below the diagram here: the button in the controls brings it
    // into view with the focus on its first choice.
    await clickAt(page, page.getByTestId('predict-jump'));
    assert.equal(await page.evaluate(() => document.activeElement?.name), 'guess-evt-1');
    assert.ok(await choice(page, 'evt-1', 'ok').isVisible());
    await screenshot(page, 'predict-400x800-form');

    // One guess is not yet a prediction of the run; the total question is.
    await pick(page, 'evt-2', 'duplicate');
    await clickAt(page, play);
    assert.equal((await counter(page))[0], 0);
    await pick(page, 'total', 'no');
    assert.equal(await play.getAttribute('aria-disabled'), null);
    assert.equal(await page.getByTestId('predict-first').count(), 0);
    assert.equal(await page.getByTestId('predict-jump').count(), 0);

    await page.reload({ waitUntil: 'load' });
    await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok(await choice(page, 'evt-2', 'duplicate').locator('input').isChecked(), 'kept across a reload');
    assert.ok(await choice(page, 'total', 'no').locator('input').isChecked());
    // Nothing was sent anywhere: the prediction lives in this browser's storage.
    const kept = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('eoslab.prediction.')),
    );
    assert.equal(kept.length, 1);

    await playToEnd(page);
    assert.match(await page.getByTestId('prediction-reveal').textContent(), /2 of 2 right/);
    await page.getByTestId('prediction-reveal').scrollIntoViewIfNeeded();
    await screenshot(page, 'predict-400x800-reveal');
    assert.ok(await page.getByTestId('verdict-strip').isVisible());

    // The form folded to its summary when the run moved; opened again, it offers
    // to start over, and clearing the prediction asks for one again.
    assert.match(await page.getByTestId('predict-status').textContent(), /2 of 2 right/);
    await page.getByTestId('predict').locator('summary').click();
    await page.getByTestId('predict-restart').click();
    assert.equal((await counter(page))[0], 0);
    await page.getByTestId('predict-clear').click();
    assert.equal(await page.getByTestId('play').getAttribute('aria-disabled'), 'true');
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

test('editing the scenario marks a prediction made before the edit', async () => {
  const { page, context, errors } = await openLab('preset=db-then-commit');
  try {
    await pick(page, 'total', 'yes');
    await page.getByTestId('clear-faults').click();
    assert.ok(await page.getByTestId('predict-stale').isVisible());
    assert.equal(await page.getByTestId('predict-status').textContent(), 'made before your edit');
    await playToEnd(page);
    assert.match(
      await page.getByTestId('prediction-reveal').textContent(),
      /1 of 1 right \(made before you changed the scenario\)/,
    );
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});
