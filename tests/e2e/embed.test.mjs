// The lab on a course page: the sample page's two embedded labs size themselves
// and play on their own; a locked lab refuses edits and still plays; the embed
// code dialog gives a snippet that works when pasted beside the host script; the
// documented Content-Security-Policy is enough; the diagram downloads as SVG and PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIST, serveDist, labSuite, openPage, screenshot, tabIntoDiagram, counter, axeViolations } from './helpers.mjs';

/** The Content-Security-Policy the README documents for the lab's own folder. */
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; frame-ancestors 'self'";

const suite = labSuite('course-sample.html');

/** Waits until `fn` returns something truthy (polling), or fails with `what`. */
async function until(fn, what, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The lab inside `iframe` (an element handle), once its diagram is drawn. */
async function labIn(iframe) {
  await iframe.scrollIntoViewIfNeeded();
  const frame = await until(() => iframe.contentFrame(), 'the frame has a document');
  await frame.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
  return frame;
}

/** Waits until the iframe's height is the height its lab has (the lab posted it). */
async function sized(iframe, frame) {
  return until(async () => {
    const lab = await frame.evaluate(() => Math.ceil(document.querySelector('.lab').getBoundingClientRect().height));
    const box = await iframe.evaluate((f) => ({ style: f.style.height, h: f.getBoundingClientRect().height }));
    const px = parseFloat(box.style);
    return box.style !== '' && Math.abs(px - lab) <= 1 ? { lab, px } : null;
  }, 'the frame takes the height its lab posted');
}

test('the sample course page: both labs load, size themselves and play on their own', async () => {
  const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}course-sample.html`);
  try {
    const frames = await page.locator('iframe[data-eoslab]').elementHandles();
    assert.equal(frames.length, 2, 'two labs on the page');
    const labs = [];
    for (const f of frames) {
      assert.equal(await f.getAttribute('height'), '560', 'the snippet starts at 560 px');
      const lab = await labIn(f);
      const { px } = await sized(f, lab);
      assert.ok(px > 300 && px < 800, `a sensible height at 720 px wide: ${px}`);
      assert.equal(await lab.locator('.lab.embed').count(), 1, 'embed mode');
      assert.equal(await lab.locator('.brand').isVisible(), false, 'no page chrome');
      labs.push(lab);
    }
    // The second lab is locked: no palette, no pickers.
    assert.equal(await labs[1].locator('[data-testid="token-crash"]').count(), 0);
    assert.equal(await labs[1].locator('[data-testid="preset-select"]').count(), 0);
    assert.equal(await labs[0].locator('[data-testid="token-crash"]').count(), 1);

    // Playing one leaves the other where it was.
    await labs[0].locator('[data-testid="step-forward"]').click();
    await labs[0].locator('[data-testid="play"]').click();
    await until(async () => (await counter(labs[0]))[0] >= 3, 'the first lab plays');
    await labs[0].locator('[data-testid="play"]').click();
    assert.equal((await counter(labs[1]))[0], 0, 'the second lab did not move');
    await frames[1].scrollIntoViewIfNeeded();
    await labs[1].locator('[data-testid="play"]').click();
    await until(async () => (await counter(labs[1]))[0] >= 2, 'the second lab plays');
    const first = (await counter(labs[0]))[0];
    await labs[1].locator('[data-testid="play"]').click();
    assert.equal((await counter(labs[0]))[0], first, 'the first lab stayed paused');

    // Each "Open in full lab" link opens the same scenario at its step, in a new tab.
    const link = labs[1].locator('[data-testid="open-full-lab"]');
    assert.equal(await link.getAttribute('target'), '_blank');
    const href = await link.getAttribute('href');
    const [n] = await counter(labs[1]);
    assert.match(href, new RegExp(`\\?preset=loyalty-eos&step=${n}$`), href);
    await screenshot(page, 'embed-course-sample');
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

test('the host script ignores messages that are not from its frames or not shaped right', async () => {
  const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}course-sample.html`);
  try {
    const f = (await page.locator('iframe[data-eoslab]').elementHandles())[0];
    const lab = await labIn(f);
    const { px } = await sized(f, lab);
    // From the page itself (not a frame), and from the frame with a wrong shape.
    await page.evaluate(() => window.postMessage({ type: 'eoslab:height', height: 2000 }, '*'));
    await lab.evaluate(() => {
      parent.postMessage({ type: 'eoslab:height', height: 'tall' }, '*');
      parent.postMessage({ type: 'eoslab:height', height: Infinity }, '*');
      parent.postMessage('eoslab:height 2000', '*');
    });
    await page.waitForTimeout(300);
    assert.equal(parseFloat(await f.evaluate((el) => el.style.height)), px, 'height unchanged');
    // A well-formed one from the frame is obeyed (within bounds).
    await lab.evaluate(() => parent.postMessage({ type: 'eoslab:height', height: 50 }, '*'));
    await until(async () => (await f.evaluate((el) => el.style.height)) === '150px', 'clamped to 150');
    // The lab ignores a request that is not from its parent, and answers its parent's.
    const answered = await lab.evaluate(
      () =>
        new Promise((resolve) => {
          const seen = [];
          const orig = parent.postMessage.bind(parent);
          parent.postMessage = (m, o) => {
            seen.push(m);
            orig(m, o);
          };
          window.postMessage({ type: 'eoslab:request-height' }, '*');
          setTimeout(() => resolve(seen.length), 300);
        }),
    );
    assert.equal(answered, 0, 'a request from the lab itself is not answered');
    await f.evaluate((el) => el.contentWindow.postMessage({ type: 'eoslab:request-height' }, new URL(el.src).origin));
    await sized(f, lab);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a locked lab refuses a drag and a key placement, and still plays', async () => {
  const { page, context, errors } = await openPage(
    suite.browser,
    `${suite.server.url}?preset=db-then-commit&embed&lock`,
    { width: 720, height: 560 },
  );
  try {
    await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await page.locator('.palette').count(), 0, 'no fault palette');
    assert.equal(await page.locator('[data-testid="knobs"]').count(), 0, 'no knobs');
    assert.equal(await page.locator('[data-testid="workload"]').count(), 0, 'no workload editor');
    assert.match(await page.getByTestId('locked-header').textContent(), /At-least-once/);

    // Drag the preset's crash to another gap: it stays where it was.
    const token = page.getByTestId('placed-fault-0');
    const at = await token.getAttribute('data-at');
    // A gap a few steps above it, so both are in the diagram's view.
    const target = page.getByTestId(`gap-${Math.max(0, Number(at) - 3)}`);
    await token.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const a = await token.boundingBox();
    const b = await target.boundingBox();
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
    await page.mouse.move(b.x + 120, b.y + b.height / 2, { steps: 10 });
    await page.mouse.up();
    assert.equal(await token.getAttribute('data-at'), at, 'the crash did not move');
    assert.match(await page.getByTestId('notice').textContent(), /locked/);
    // Dragged off the diagram it is not removed either.
    const c = await token.boundingBox();
    await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
    await page.mouse.down();
    await page.mouse.move(c.x + 30, c.y + 30, { steps: 3 });
    await page.mouse.move(700, 5, { steps: 8 });
    await page.mouse.up();
    assert.equal(await page.locator('[data-testid^="placed-fault-"]').count(), 1, 'still placed');

    // A crash placed by keyboard on a gap: refused.
    await page.evaluate(() => document.activeElement?.blur());
    await tabIntoDiagram(page);
    await page.keyboard.press('Home');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'gap-0', 'on the first gap');
    await page.keyboard.press('c');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('[data-testid^="placed-fault-"]').count(), 1, 'no fault placed');
    assert.match(await page.getByTestId('notice').textContent(), /locked/);

    // Playback and scrubbing work, the arrows on the placed fault too.
    await page.keyboard.press('ArrowRight');
    assert.equal((await counter(page))[0], 1, '→ steps');
    await token.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal((await counter(page))[0], 2, '→ on the placed fault steps');
    await page.keyboard.press('Delete');
    assert.equal(await token.getAttribute('data-at'), at, 'the fault neither moved nor went');
    await page.getByTestId('play').click();
    await until(async () => (await counter(page))[0] >= 3, 'it plays');
    await page.getByTestId('play').click();
    await page.getByTestId('scrubber').fill('7');
    assert.equal((await counter(page))[0], 7, 'the scrubber seeks');
    await screenshot(page, 'embed-locked-720');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an embedded lab fits 720 × 560 and 400 × 800 with its verdict in view', async () => {
  for (const [viewport, q] of [
    [{ width: 720, height: 560 }, '?preset=db-then-commit&embed'],
    [{ width: 720, height: 560 }, '?preset=loyalty-eos&embed&lock&step=9'],
    [{ width: 400, height: 800 }, '?preset=db-then-commit&embed'],
    [{ width: 400, height: 800 }, '?preset=loyalty-eos&embed&lock'],
  ]) {
    const { page, context, errors } = await openPage(suite.browser, suite.server.url + q, viewport);
    try {
      await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
      const h = await page.evaluate(() => document.querySelector('.lab').getBoundingClientRect().height);
      assert.ok(h <= viewport.height + 1, `${q} at ${viewport.width}: ${h} px tall`);
      const strip = await page.locator('.verdict-strip').boundingBox();
      assert.ok(strip.y + strip.height <= viewport.height, `${q}: the verdict strip is in view`);
      const link = await page.getByTestId('open-full-lab').boundingBox();
      assert.ok(link.x + link.width <= viewport.width, `${q}: the full-lab link is in view`);
      const bar = await page.locator('.playback').boundingBox();
      const help = await page.locator('.help-button').boundingBox();
      assert.ok(help.x + help.width <= bar.x + bar.width + 1, `${q}: the playback bar keeps its buttons`);
      if (q.includes('step=9')) assert.equal((await counter(page))[0], 9, 'starts at step=9');
      await screenshot(page, `embed-${viewport.width}x${viewport.height}${q.includes('lock') ? '-locked' : ''}`);
      // At the end of the run the lab keeps its height, and the whole run's verdict
      // and its totals are in view (a long verdict scrolls inside the strip).
      await page.getByTestId('scrubber').focus();
      await page.keyboard.press('End');
      await page.getByTestId('verdict-outcome').waitFor();
      const end = await page.evaluate(() => document.querySelector('.lab').getBoundingClientRect().height);
      assert.ok(Math.abs(end - h) <= 1, `${q}: ${h} px tall at the start, ${end} px at the end`);
      const outcome = await page.getByTestId('verdict-outcome').boundingBox();
      const totals = await page.getByTestId('verdict-totals').boundingBox();
      assert.ok(outcome.y >= 0 && outcome.y + 20 <= viewport.height, `${q}: the verdict starts in view`);
      assert.ok(totals.y + totals.height <= viewport.height, `${q}: the totals are in view`);
      assert.deepEqual(await axeViolations(page), [], `${q} at the end`);
      await screenshot(page, `embed-${viewport.width}x${viewport.height}${q.includes('lock') ? '-locked' : ''}-end`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

/** Opens the embed dialog of the full lab on `page`, with the step at `steps`. */
async function openDialog(page, steps) {
  await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
  for (let i = 0; i < steps; i++) await page.getByTestId('step-forward').click();
  await page.getByTestId('embed-code').click();
  await page.getByTestId('embed-dialog').waitFor({ state: 'visible' });
}

test('the embed code dialog copies a snippet that works pasted beside the host script', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url.slice(0, -1) });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(`${suite.server.url}?preset=lost-ack`);
    await openDialog(page, 4);
    // The focus is in the dialog and stays there: Tab wraps around.
    const inside = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="embed-dialog"]'));
    assert.ok(await inside(), 'the focus moved into the dialog');
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await inside(), `Tab ${i + 1} stays in the dialog`);
    }
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inside());
    // The options: locked (the default), at the current step, without the narration.
    await page.getByTestId('embed-narration').uncheck();
    const snippet = await page.getByTestId('embed-snippet').inputValue();
    assert.match(snippet, /^<iframe title="EOS Lab: Lost ack: the producer retries"/);
    assert.match(snippet, / width="100%"/);
    assert.match(snippet, / height="560"/);
    assert.match(snippet, / loading="lazy"/);
    assert.match(snippet, /src="[^"]*\?preset=lost-ack&amp;step=4&amp;embed&amp;lock&amp;panels=state,ledger"/);
    assert.match(snippet, /<a href="[^"]*\?preset=lost-ack&amp;step=4">Open EOS Lab/);
    assert.match(snippet, /<script src="[^"]*embed-host\.js" defer><\/script>$/);
    await page.getByTestId('embed-copy').click();
    await until(async () => /Copied/.test(await page.getByTestId('embed-status').textContent()), 'a visible confirmation');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, snippet, 'the clipboard holds the snippet');
    // Escape closes the dialog and the focus goes back to its button.
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('embed-dialog').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'embed-code');

    // Pasted into a course page (same site), it shows a working, sized, locked lab at step 4.
    await page.route(`${suite.server.url}pasted.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><head><meta charset="utf-8"><title>Pasted</title></head><body><main style="max-width:720px"><p>A lesson.</p>${copied}</main></body></html>`,
      }),
    );
    await page.goto(`${suite.server.url}pasted.html`);
    const iframe = await page.locator('iframe').elementHandle();
    const lab = await labIn(iframe);
    await sized(iframe, lab);
    assert.equal((await counter(lab))[0], 4, 'at the step it was copied at');
    assert.equal(await lab.locator('[data-testid="token-crash"]').count(), 0, 'locked');
    assert.equal(await lab.locator('.pn-step-head').count(), 0, 'no narration');
    await lab.locator('[data-testid="play"]').click();
    await until(async () => (await counter(lab))[0] >= 6, 'the pasted lab plays');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('where the clipboard is missing the snippet is selected in its field', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 720, height: 600 } });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${suite.server.url}?preset=db-then-commit`);
    await openDialog(page, 0);
    await page.getByTestId('embed-copy').click();
    await until(async () => /not available/.test(await page.getByTestId('embed-status').textContent()), 'says so');
    const sel = await page.evaluate(() => {
      const f = document.activeElement;
      return { id: f?.dataset.testid, start: f?.selectionStart, end: f?.selectionEnd, len: f?.value.length };
    });
    assert.equal(sel.id, 'embed-snippet', 'the field has the focus');
    assert.equal(sel.start, 0);
    assert.equal(sel.end, sel.len, 'the whole snippet is selected');
    await screenshot(page, 'embed-dialog-720');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('served with the documented Content-Security-Policy, the lab and the course page work', async () => {
  const readme = await readFile(path.join(DIST, '..', 'README.md'), 'utf8');
  assert.ok(readme.includes(`Content-Security-Policy: ${CSP} https://course.example`), 'the README documents this policy');
  const index = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const scripts = index.match(/<script\b[^>]*>/g) ?? [];
  assert.ok(scripts.length > 0 && scripts.every((t) => / src=/.test(t)), `no inline script: ${scripts}`);
  const strict = await serveDist(DIST, { 'content-security-policy': CSP });
  try {
    const { page, context, errors } = await openPage(suite.browser, `${strict.url}?preset=db-then-commit`);
    try {
      await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
      await page.getByTestId('step-forward').click();
      await page.getByTestId('step-forward').click();
      assert.equal((await counter(page))[0], 2);
      // A style the diagram writes as the cursor moves still applies (style-src).
      const dimmed = await page.evaluate(
        () => getComputedStyle(document.querySelector('.seq-rows .row:nth-child(5)')).opacity,
      );
      assert.equal(dimmed, '0.45');
      assert.deepEqual(errors, [], 'no CSP error or any other');
    } finally {
      await context.close();
    }
    const course = await openPage(suite.browser, `${strict.url}course-sample.html`);
    try {
      const f = (await course.page.locator('iframe[data-eoslab]').elementHandles())[0];
      const lab = await labIn(f);
      await sized(f, lab);
      assert.deepEqual(course.errors, [], 'no CSP error on the course page');
    } finally {
      await course.context.close();
    }
  } finally {
    await strict.close();
  }
});

test('the diagram downloads as SVG and PNG at the current step', async () => {
  const { page, context, errors } = await openPage(suite.browser, `${suite.server.url}?preset=db-then-commit`);
  try {
    await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
    for (let i = 0; i < 6; i++) await page.getByTestId('step-forward').click();
    await page.getByTestId('download-diagram').click();
    const [svgFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-svg').click()]);
    assert.equal(svgFile.suggestedFilename(), 'eoslab-db-then-commit-step-6.svg');
    const svg = await readFile(await svgFile.path(), 'utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        root: doc.documentElement.nodeName,
        error: doc.getElementsByTagName('parsererror').length,
        rows: doc.querySelectorAll('.row').length,
        style: doc.querySelectorAll('style').length,
      };
    }, svg);
    assert.deepEqual(
      { root: parsed.root, error: parsed.error, style: parsed.style },
      { root: 'svg', error: 0, style: 1 },
    );
    assert.equal(parsed.rows, (await counter(page))[1], 'every step is a row');
    assert.match(svg, /Step 6 of \d+/);

    // The PNG, by keyboard: the menu's button, Enter, then its second item.
    await page.getByTestId('download-diagram').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('download-png').waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'download-png');
    const [pngFile] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.equal(pngFile.suggestedFilename(), 'eoslab-db-then-commit-step-6.png');
    const png = await readFile(await pngFile.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.ok(png.length > 20_000, `a real picture: ${png.length} bytes`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an embedded lab, a locked one and the embed dialog have no serious accessibility violation', async () => {
  for (const [q, viewport] of [
    ['?preset=db-then-commit&embed', { width: 720, height: 560 }],
    ['?preset=loyalty-eos&embed&lock', { width: 400, height: 800 }],
  ]) {
    const { page, context } = await openPage(suite.browser, suite.server.url + q, viewport);
    try {
      await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 20_000 });
      assert.deepEqual(await axeViolations(page), [], q);
    } finally {
      await context.close();
    }
  }
  const { page, context } = await openPage(suite.browser, `${suite.server.url}?preset=db-then-commit`, { width: 720, height: 600 });
  try {
    await openDialog(page, 2);
    assert.deepEqual(await axeViolations(page), [], 'the dialog');
    await page.getByTestId('embed-close').click();
    await page.getByTestId('download-diagram').click();
    assert.deepEqual(await axeViolations(page), [], 'the download menu');
  } finally {
    await context.close();
  }
});
