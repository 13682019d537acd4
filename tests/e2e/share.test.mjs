// Share and keep end to end: a copied link reopens the same screen at the same
// step in a fresh browser; a reload keeps the work; a link opened over autosaved
// work leaves that work one click away; a scenario file goes out and comes back in
// by the file picker and by a drop; and every bad link and file shows its banner
// over a lab that still works, with no console error and no script of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DIST, ARTIFACTS, labSuite, openPage, screenshot } from './helpers.mjs';

const suite = labSuite();

/** Waits for the diagram of the lab on `page`. */
async function ready(page) {
  await page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 15_000 });
}

/** Opens `query` in a fresh browser context (its own localStorage). */
async function fresh(query, viewport) {
  const opened = await openPage(suite.browser, `${suite.server.url}${query}`, viewport);
  await ready(opened.page);
  return opened;
}

/** Opens `query` in a new page of an existing context (shared localStorage). */
async function another(context, query, errors) {
  const page = await context.newPage();
  // A query longer than the test server's request line takes: serve the page itself.
  await page.route(
    (url) => url.search.length > 8000,
    (route) => route.fulfill({ path: path.join(DIST, 'index.html'), contentType: 'text/html' }),
  );
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${suite.server.url}${query}`, { waitUntil: 'load' });
  await ready(page);
  return page;
}

/** What the learner sees: pickers, summaries, the step, the diagram, the panels. */
async function screen(page) {
  const text = async (sel) => (await page.locator(sel).first().textContent())?.trim();
  return {
    lesson: await page.getByTestId('preset-select').inputValue(),
    design: await page.getByTestId('design-select').inputValue(),
    knobs: await text('[data-testid=knob-summary]'),
    workload: await text('[data-testid=workload] .disclosure-summary'),
    step: await text('[data-testid=step-counter]'),
    diagram: await text('.diagram-scroll'),
    panels: await text('[data-testid=panels]'),
    verdict: await text('[data-testid=verdict-strip]'),
  };
}

/** A few edits: another design, one more event, four steps on. */
async function edit(page) {
  await page.getByTestId('design-select').selectOption('idempotent-sink');
  await page.getByTestId('workload').locator('summary').click();
  await page.getByTestId('add-event').click();
  await page.getByTestId('workload').locator('summary').click();
  for (let i = 0; i < 4; i++) await page.getByTestId('step-forward').click();
  // Let the address bar and the autosave catch up with the edits.
  await page.waitForFunction(() => location.search.includes('s=1.') && location.search.includes('step=4'));
}

async function openShare(page) {
  const share = page.getByTestId('share');
  if (!(await share.evaluate((d) => d.open))) await share.locator('summary').click();
}

/** The lab still works: one step forward moves the counter. */
async function works(page) {
  const before = await page.getByTestId('step-counter').textContent();
  await page.getByTestId('step-forward').click();
  assert.notEqual(await page.getByTestId('step-counter').textContent(), before);
}

test('a copied link reopens the same screen at the same step in a fresh browser', async () => {
  const { page, context, errors } = await fresh('?preset=db-then-commit');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });
  const historyLength = await page.evaluate(() => history.length);
  await edit(page);
  assert.equal(await page.evaluate(() => history.length), historyLength, 'no history entry per edit');
  const want = await screen(page);
  await openShare(page);
  await page.getByTestId('copy-link').click();
  await page.getByTestId('copy-status').filter({ hasText: 'Link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/\?preset=db-then-commit&s=1\.[A-Za-z0-9_-]+&step=4$/);
  assert.ok(link.length < 400, `${link.length} characters`);

  const other = await openPage(suite.browser, link);
  await ready(other.page);
  assert.deepEqual(await screen(other.page), want);
  assert.equal(await other.page.getByTestId('banner').count(), 0);
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
  await other.context.close();
  await context.close();
});

test('where the clipboard is missing, the link is in a selected read-only field', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 720, height: 600 } });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
  });
  const errors = [];
  const page = await another(context, '?preset=lost-ack', errors);
  await openShare(page);
  await page.getByTestId('copy-link').click();
  const field = page.getByTestId('link-field');
  await field.waitFor({ state: 'visible' });
  assert.equal(await field.getAttribute('readonly'), '');
  const value = await field.inputValue();
  assert.ok(value.endsWith('?preset=lost-ack'), value);
  // The link is focused and selected.
  await page.waitForFunction(() => {
    const f = document.activeElement;
    return f?.dataset.testid === 'link-field' && f.selectionEnd - f.selectionStart === f.value.length;
  });
  await mkdir(ARTIFACTS, { recursive: true });
  await screenshot(page, 'share-720x600-by-hand');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload keeps the work, with or without the link in the address bar', async () => {
  const { page, context, errors } = await fresh('?preset=db-then-commit');
  await edit(page);
  const want = await screen(page);
  await page.reload({ waitUntil: 'load' });
  await ready(page);
  assert.deepEqual(await screen(page), want);
  // The bare address opens the autosave (at the start of the run).
  const bare = await another(context, '', errors);
  const got = await screen(bare);
  assert.deepEqual({ ...got, step: undefined, diagram: undefined, panels: undefined, verdict: undefined },
    { ...want, step: undefined, diagram: undefined, panels: undefined, verdict: undefined });
  assert.match(got.step, /step 0 \//);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link opened over autosaved work keeps that work as "your last scenario"', async () => {
  const { page, context, errors } = await fresh('?preset=db-then-commit');
  await edit(page);
  const mine = await screen(page);
  const link = await another(context, '?preset=lost-ack', errors);
  assert.equal(await link.getByTestId('preset-select').inputValue(), 'lost-ack');
  assert.match(await link.getByTestId('notice').textContent(), /Your last scenario is kept/);
  // An edit of the opened lesson does not lose the earlier work either.
  await link.getByTestId('design-select').selectOption('at-most-once');
  await openShare(link);
  const back = link.getByTestId('last-scenario');
  await back.waitFor({ state: 'visible' });
  await back.focus();
  await link.keyboard.press('Enter');
  const got = await screen(link);
  assert.equal(got.design, mine.design);
  assert.equal(got.workload, mine.workload);
  assert.equal(got.lesson, mine.lesson);
  // The lesson's edit is now the one kept.
  await back.waitFor({ state: 'visible' });
  assert.match(await link.locator('.share-last-words').textContent(), /At-most-once/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a scenario file goes out and comes back by the file picker and by a drop', async () => {
  const { page, context, errors } = await fresh('?preset=db-then-commit');
  await edit(page);
  const want = await screen(page);
  await openShare(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('save-file').click(),
  ]);
  assert.match(download.suggestedFilename(), /^eoslab-write-the-row-then-commit\.json$/);
  const file = path.join(ARTIFACTS, 'exported.json');
  await mkdir(ARTIFACTS, { recursive: true });
  await download.saveAs(file);
  const text = await readFile(file, 'utf8');
  const json = JSON.parse(text);
  assert.equal(json.version, 1);
  assert.equal(json.design.kind, 'idempotent-sink');
  assert.equal(json.workload.events.length, 4);

  // The file picker, in a fresh browser on another lesson.
  const other = await fresh('?preset=lost-ack');
  await openShare(other.page);
  const [chooser] = await Promise.all([
    other.page.waitForEvent('filechooser'),
    other.page.getByTestId('open-file').click(),
  ]);
  await chooser.setFiles(file);
  await other.page.getByTestId('notice').filter({ hasText: 'Opened the file' }).waitFor();
  const got = await screen(other.page);
  assert.deepEqual({ ...got, step: undefined, diagram: undefined, panels: undefined, verdict: undefined },
    { ...want, step: undefined, diagram: undefined, panels: undefined, verdict: undefined });

  // A drop, in another fresh browser.
  const third = await fresh('?preset=lost-ack');
  await drop(third.page, 'mine.json', text);
  await third.page.getByTestId('notice').filter({ hasText: 'Opened the file' }).waitFor();
  assert.equal(await third.page.getByTestId('design-select').inputValue(), 'idempotent-sink');
  assert.deepEqual([...errors, ...other.errors, ...third.errors], []);
  await Promise.all([context.close(), other.context.close(), third.context.close()]);
});

/** Drops a file named `name` holding `text` on the lab. */
async function drop(page, name, text) {
  await page.evaluate(
    ([name, text]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      const target = document.querySelector('.stage');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    },
    [name, text],
  );
}

// ---- bad input -------------------------------------------------------------

/** LEB128 varint of a BigInt. */
function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}
const zigzag = (n) => (BigInt(n) << 1n) ^ (BigInt(n) < 0n ? -1n : 0n);
const str = (s) => {
  const b = [...new TextEncoder().encode(s)];
  return [...varint(b.length), ...b];
};

/**
 * A format-1 link written field by field as the format says: no lesson, a title,
 * names (code, text), seed, partitions, events, design code, no knobs, no faults.
 */
function link({ title = 'Hand-made', names = [], events = [['evt-1', 'user-1', 50]], design = 1, count }) {
  const bytes = [
    0,
    1, ...str(title),
    ...varint(names.length), ...names.flatMap(([c, t]) => [c, ...str(t)]),
    0,
    1,
    ...varint(count ?? events.length),
    ...events.flatMap(([id, key, amount]) => [...str(id), ...str(key), ...varint(zigzag(amount) & ((1n << 64n) - 1n)), 0]),
    design,
    0,
    0,
    0,
  ];
  return '1.' + Buffer.from(bytes).toString('base64url');
}

const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';

const BAD_LINKS = [
  ['truncated', () => link({}).slice(0, 12), /could not be opened: the link is damaged/],
  ['wrong version', () => '9.AQID', /newer EOS Lab \(link format 9\)/],
  ['not a link', () => 'hello', /not an EOS Lab link/],
  ['bad base64', () => '1.@@@@', /not URL-safe base64/],
  ['unknown design', () => link({ design: 77 }), /unknown design \(code 77\)/],
  ['100 KB', () => '1.' + 'A'.repeat(100_000), /the link is too long: 100002 characters, and a link holds at most 40000/],
  ['a million events', () => link({ count: 1_000_000 }), /could not be opened: the link is damaged .*ends too early/],
  ['i64::MAX amount', () => link({ events: [['evt-1', 'u', 9223372036854775807n]] }), /workload\.events\[0\]\.amount: must be a whole number from -1000000 to 1000000/],
  ['script in a long name', () => link({ names: [[3, `${SCRIPT}${HOSTILE}`]] }), /names\.table: takes at most 40 characters/],
];

/** Puts known work in the autosave and returns the autosave's text. */
async function knownWork(context, errors) {
  const page = await another(context, '?preset=db-then-commit', errors);
  await edit(page);
  await page.waitForFunction(() => localStorage.getItem('eoslab.autosave')?.includes('idempotent-sink'));
  const saved = await page.evaluate(() => localStorage.getItem('eoslab.autosave'));
  await page.close();
  return saved;
}

/** No script of the input ran and none was put in the page. */
async function inert(page) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('.lab script, .lab img[onerror], .banner img').count(), 0);
}

test('every bad link shows its banner over a lab that works, and the autosave is untouched', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 720, height: 600 } });
  const errors = [];
  const saved = await knownWork(context, errors);
  for (const [name, make, words] of BAD_LINKS) {
    const page = await another(context, `?s=${make()}`, errors);
    const banner = page.getByTestId('banner');
    await banner.waitFor({ state: 'visible' });
    assert.equal(await banner.getAttribute('role'), 'alert');
    const said = await banner.textContent();
    assert.match(said, words, name);
    assert.match(said, /shows your last scenario instead/, name);
    // The fallback is the learner's work.
    assert.equal(await page.getByTestId('design-select').inputValue(), 'idempotent-sink', name);
    await works(page);
    await inert(page);
    if (name === 'unknown design') await screenshot(page, 'share-720x600-bad-link');
    await page.getByTestId('banner-close').click();
    await banner.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => localStorage.getItem('eoslab.autosave')), saved, name);
    await page.close();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a name holding markup opens as plain text and runs nothing', async () => {
  const { page, context, errors } = await fresh(`?s=${link({ title: HOSTILE + SCRIPT, names: [[3, SCRIPT], [0, HOSTILE]] })}`);
  assert.equal(await page.getByTestId('banner').count(), 0);
  assert.ok((await page.locator('.diagram-scroll').textContent()).includes(SCRIPT));
  await works(page);
  await inert(page);
  assert.deepEqual(errors, []);
  await context.close();
});

const GOOD = JSON.stringify({
  version: 1,
  title: 'From a file',
  workload: { events: [{ id: 'evt-1', key: 'user-1', amount: 50 }] },
  design: { kind: 'at-least-once' },
});

const BAD_FILES = [
  ['truncated', GOOD.slice(0, 60), /could not be opened: .*EOF while parsing/],
  ['wrong version', GOOD.replace('"version":1', '"version":2'), /version: this is version 2; EOS Lab reads version 1/],
  ['unknown design', GOOD.replace('at-least-once', 'at-least-twice'), /design\.kind: unknown variant `at-least-twice`/],
  ['10 MB', ' '.repeat(10 * 1024 * 1024) + GOOD, /the file is too long: 10485\d+ bytes, and a file holds at most 1048576/],
  ['a million events', GOOD.replace('"events":[{"id":"evt-1","key":"user-1","amount":50}]', '"generate":1000000'), /workload\.generate: at most 200 events/],
  ['i64::MAX amount', GOOD.replace('"amount":50', '"amount":9223372036854775807'), /workload\.events\[0\]\.amount: must be a whole number from -1000000 to 1000000/],
  ['script in a long name', GOOD.replace('"title"', `"names":{"table":${JSON.stringify(SCRIPT + HOSTILE)}},"title"`), /names\.table: takes at most 40 characters/],
  ['a fault on a missing event', GOOD.replace('"design"', '"faults":[{"kind":"crash","at":{"after":"poll","event":"evt-9"}}],"design"'), /faults\[0\]\.at\.event: no event `evt-9` in the workload/],
];

test('every bad file shows its banner and leaves the lab and the autosave as they were', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 400, height: 800 } });
  const errors = [];
  const saved = await knownWork(context, errors);
  const page = await another(context, '', errors);
  const before = await screen(page);
  await mkdir(ARTIFACTS, { recursive: true });
  for (const [i, [name, text, words]] of BAD_FILES.entries()) {
    if (i % 2 === 0) {
      const file = path.join(ARTIFACTS, `bad-${i}.json`);
      await writeFile(file, text);
      await openShare(page);
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByTestId('open-file').click(),
      ]);
      await chooser.setFiles(file);
    } else {
      await drop(page, `bad-${i}.json`, text);
    }
    const banner = page.getByTestId('banner');
    await banner.waitFor({ state: 'visible' });
    assert.match(await banner.textContent(), words, name);
    assert.match(await banner.textContent(), /still shows the scenario it had/, name);
    assert.deepEqual(await screen(page), before, name);
    await inert(page);
    if (i === 2) await screenshot(page, 'share-400x800-bad-file');
    await page.getByTestId('banner-close').click();
    assert.equal(await page.evaluate(() => localStorage.getItem('eoslab.autosave')), saved, name);
  }
  await works(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the share menu fits a course frame and a phone', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 720, height: 600 }, { width: 400, height: 800 }]) {
    const { page, context, errors } = await fresh('?preset=loyalty-email', viewport);
    await openShare(page);
    for (const id of ['copy-link', 'save-file', 'open-file']) {
      const box = await page.getByTestId(id).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `${id} in view at ${viewport.width}`);
    }
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
      `no sideways scroll at ${viewport.width}`,
    );
    // The verdict strip stays in view.
    const strip = await page.getByTestId('verdict-strip').boundingBox();
    assert.ok(strip && strip.y + strip.height <= viewport.height + 1, `verdict in view at ${viewport.width}`);
    await screenshot(page, `share-${viewport.width}x${viewport.height}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
