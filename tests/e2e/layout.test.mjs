// The lab on a course page: at 1280×800, 720×600 and 400×800 the verdict is in
// view without scrolling the page, whatever the step; the page never scrolls
// sideways; no text of the header and the controls is cut off; axe-core finds no
// serious or critical accessibility violation. Screenshots go to artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labSuite, screenshot, axeViolations } from './helpers.mjs';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 720, height: 600 },
  { width: 400, height: 800 },
];

/** Rows of the diagram that show at each size (db-then-commit, six lifelines). */
const MIN_ROWS = { '1280x800': 13, '720x600': 10, '400x800': 11 };

const suite = labSuite();

const openLab = (preset, viewport) => suite.open(`preset=${preset}`, viewport);

/** How many of the diagram's rows show on screen below its sticky heads. */
function visibleRows(page) {
  return page.evaluate(() => {
    const box = document.querySelector('.diagram-scroll').getBoundingClientRect();
    const head = document.querySelector('.diagram-head').getBoundingClientRect();
    const main = document.querySelector('.lab-main').getBoundingClientRect();
    return (Math.min(box.bottom, main.bottom) - head.bottom) / 26;
  });
}

/** How far the page itself scrolls, beyond the window, on each axis. */
function pageOverflow(page) {
  return page.evaluate(() => {
    const d = document.documentElement;
    return { x: d.scrollWidth - d.clientWidth, y: d.scrollHeight - d.clientHeight };
  });
}

/** Whether `locator`'s box lies wholly inside the window and is the element drawn there. */
async function inView(page, locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 &&
      r.bottom <= window.innerHeight + 0.5 && r.right <= window.innerWidth + 0.5;
    const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + Math.min(8, r.height / 2));
    return { inside, drawn: !!hit && (el === hit || el.contains(hit)), rect: [r.left, r.top, r.right, r.bottom] };
  });
}

/**
 * Text of the header and the controls that is cut off: an element whose content
 * is wider or taller than its box while its overflow hides it (unless an ellipsis
 * marks the cut and its title holds every word), or that reaches outside the
 * window where no box scrolls it into view. A box that scrolls sideways must lie
 * inside the window itself. Selects are left to the browser.
 */
function clippedText(page) {
  return page.evaluate(() => {
    const out = [];
    const roots = document.querySelectorAll('.lab-header, .controls');
    for (const root of roots) {
      for (const el of root.querySelectorAll('*')) {
        if (el.closest('select, svg, details:not([open]) > :not(summary)')) continue;
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        const style = getComputedStyle(el);
        const ellipsis = style.textOverflow === 'ellipsis';
        const scrolls = (s) => s.overflowX === 'auto' || s.overflowX === 'scroll';
        const scroller = scrolls(style) && el.scrollWidth > el.clientWidth + 1;
        if (!own && !ellipsis && !scroller) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (style.position === 'absolute' && ['btn-word', 'narrow-word', 'pn-sr'].some((c) => el.classList.contains(c))) continue;
        const hides = style.overflowX !== 'visible' || style.overflowY !== 'visible' || ellipsis;
        const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
        const words = el.textContent.trim().split(/\s+/);
        const titled = ellipsis && words.every((w) => (el.title || '').includes(w));
        const cut = hides && overflows && !titled && !scroller;
        let inScroller = false;
        for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
          if (scrolls(getComputedStyle(a))) inScroller = true;
        }
        const outside = !inScroller && (r.right > window.innerWidth + 0.5 || r.left < -0.5);
        if (cut || outside) out.push(`${el.tagName.toLowerCase()}.${el.className}: "${el.textContent.trim().slice(0, 40)}"`);
      }
    }
    return out;
  });
}

/** Moves the cursor to step `n` with the slider, as a drag of its thumb would. */
async function seek(page, n) {
  await page.getByTestId('scrubber').evaluate((el, n) => {
    el.value = String(n);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, n);
}

async function steps(page) {
  const text = await page.getByTestId('step-counter').textContent();
  return Number(text.match(/\/\s*(\d+)/)[1]);
}

for (const size of SIZES) {
  const name = `${size.width}x${size.height}`;
  test(`${name}: the verdict is in view at every step, the page does not scroll`, async () => {
    const { page, context, errors } = await openLab('db-then-commit', size);
    try {
      const strip = page.getByTestId('verdict-strip');
      // Step 0: the ledger so far, not the end's verdict.
      assert.match(await strip.textContent(), /so far: evt-1 not yet/);
      assert.equal(await page.getByTestId('verdict-outcome').count(), 0);
      let v = await inView(page, strip);
      assert.ok(v.inside && v.drawn, `strip at step 0 ${JSON.stringify(v)}`);
      assert.deepEqual(await pageOverflow(page), { x: 0, y: 0 }, 'the page does not scroll');
      assert.deepEqual(await clippedText(page), [], 'no text of the header or controls is cut off');
      await screenshot(page, `layout-${name}-start`);
      // The diagram is the lesson's picture: under its sticky heads, this many of
      // its 26 px rows show on screen (inside the main region, above the strip).
      const rows = await visibleRows(page);
      assert.ok(rows >= MIN_ROWS[name], `only ${rows.toFixed(1)} rows of the diagram show (at least ${MIN_ROWS[name]})`);

      const n = await steps(page);
      await seek(page, Math.floor(n / 2));
      v = await inView(page, strip);
      assert.ok(v.inside && v.drawn, `strip mid-run ${JSON.stringify(v)}`);

      await seek(page, n);
      const outcome = page.getByTestId('verdict-outcome');
      await outcome.waitFor();
      assert.match(await outcome.textContent(), /200 instead of 150/);
      v = await inView(page, outcome);
      assert.ok(v.inside && v.drawn, `outcome at the end ${JSON.stringify(v)}`);
      assert.ok((await inView(page, page.getByTestId('verdict-totals'))).inside, 'totals in view');
      assert.deepEqual(await pageOverflow(page), { x: 0, y: 0 }, 'the page does not scroll');
      assert.deepEqual(await clippedText(page), []);
      await screenshot(page, `layout-${name}-end`);
      // The clock of a long run keeps the playback bar on its rows: the help
      // button stays level with the play button.
      const bar = async () =>
        page.evaluate(() => {
          const top = (s) => Math.round(document.querySelector(s).getBoundingClientRect().top);
          return { play: top('[data-testid=play]'), help: top('.help-button') };
        });
      const before = await bar();
      await page.getByTestId('clock').evaluate((el) => {
        el.lastChild.textContent = '1 h 59 min 20.651 s';
      });
      assert.deepEqual(await bar(), before, 'a longer clock does not move the help button');
      const overlap = await page.evaluate(() => {
        const c = document.querySelector('[data-testid=clock]').getBoundingClientRect();
        const s = document.querySelector('.speed').getBoundingClientRect();
        const el = document.querySelector('[data-testid=clock]');
        const spills = el.scrollWidth > el.clientWidth + 1;
        return spills || (c.right > s.left + 0.5 && c.top < s.bottom && s.top < c.bottom);
      });
      assert.equal(overlap, false, 'the clock does not run under the speed picker');

      assert.deepEqual(await axeViolations(page), [], 'axe-core: serious or critical violations');
      // The knobs open: still no violation, and the page still does not scroll.
      await page.getByTestId('knobs').evaluate((d) => {
        d.open = true;
      });
      assert.deepEqual(await pageOverflow(page), { x: 0, y: 0 });
      assert.deepEqual(await axeViolations(page), []);
      v = await inView(page, page.getByTestId('verdict-strip'));
      assert.ok(v.inside, `strip with the knobs open ${JSON.stringify(v)}`);
      await screenshot(page, `layout-${name}-knobs`);
      assert.deepEqual(errors, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}

test('720x600: the knobs start closed with a summary; the words follow the learner', async () => {
  const { page, context, errors } = await openLab('loyalty-eos', { width: 720, height: 600 });
  try {
    const knobs = page.getByTestId('knobs');
    assert.equal(await knobs.evaluate((d) => d.open), false, 'closed where space is short');
    const summary = await page.getByTestId('knob-summary').textContent();
    assert.match(summary, /read_committed · fencing on/);
    assert.doesNotMatch(await page.getByTestId('lesson').textContent(), /^Modified/);
    assert.match(page.url(), /[?&]preset=loyalty-eos\b/);

    await page.locator('[data-testid=knobs] > summary').click();
    await page.locator('[data-knob="transactional.id"]').uncheck();
    assert.match(await page.getByTestId('knob-summary').textContent(), /fencing off/);
    assert.match(await page.getByTestId('lesson').textContent(), /^Modified: the knobs changed/);
    await page.getByTestId('modified').waitFor();
    assert.match(await page.locator('#preset-select option:checked').textContent(), /\(modified\)/);

    // Back to the preset: not modified any more.
    await page.getByTestId('reset-preset').click();
    await page.getByTestId('modified').waitFor({ state: 'detached' });
    assert.match(await page.getByTestId('knob-summary').textContent(), /fencing on/);

    // Another lesson: the URL follows, without a new history entry.
    const length = await page.evaluate(() => history.length);
    await page.getByTestId('preset-select').selectOption('db-then-commit');
    await page.waitForFunction(() => /[?&]preset=db-then-commit\b/.test(location.search));
    assert.equal(await page.evaluate(() => history.length), length);
    assert.deepEqual(errors, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});
