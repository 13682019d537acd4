// Browser benchmarks of the release build (not a test: `node bench.mjs`, or
// `make bench-web`). Prints time to first render, the time from a keyboard edit to
// the redrawn diagram, and frame times while playback runs at 4×.
import { serveDist, launchBrowser, openPage } from './helpers.mjs';

const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ms = (x) => `${x.toFixed(1)} ms`;

const server = await serveDist();
const browser = await launchBrowser();
try {
  // Time to first render: navigation start → the diagram's gaps are in the DOM.
  const firstRender = [];
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await openPage(browser, `${server.url}?preset=db-then-commit`);
    await page.waitForSelector('[data-testid^="gap-"]');
    firstRender.push(await page.evaluate(() => performance.now()));
    await context.close();
  }

  const { page, context } = await openPage(browser, `${server.url}?preset=db-then-commit`);
  await page.waitForSelector('[data-testid^="gap-"]');

  // Edit → redraw: place a crash with the keyboard on a gap and wait for the next
  // frame after the placed token appears (re-simulation + diagram + panels).
  const edits = [];
  for (let i = 0; i < RUNS; i++) {
    const t = await page.evaluate(async () => {
      const before = document.querySelectorAll('[data-testid^="placed-fault-"]').length;
      const gaps = [...document.querySelectorAll('[data-testid^="gap-"]')];
      const gap = gaps.find((g) => /INSERT/.test(g.getAttribute('aria-label') ?? ''));
      const start = performance.now();
      gap.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => r()));
      const after = document.querySelectorAll('[data-testid^="placed-fault-"]').length;
      return after !== before ? performance.now() - start : NaN;
    });
    if (!Number.isNaN(t)) edits.push(t);
    await page.click('text=Clear faults');
  }

  // Frame times during playback at 4×.
  await page.selectOption('[data-testid="speed"]', { index: 3 });
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__frames.length < 600) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.click('[data-testid="play"]');
  await page.waitForTimeout(4000);
  const frames = (await page.evaluate(() => window.__frames)).slice(1);
  await context.close();

  console.log('EOS Lab in headless Chromium (release build, preset db-then-commit)');
  console.log(`time to first render      median ${ms(median(firstRender))}  (${RUNS} loads)`);
  if (edits.length) {
    console.log(`edit → redrawn frame      median ${ms(median(edits))}  max ${ms(Math.max(...edits))}`);
  }
  console.log(
    `frame time during play 4× median ${ms(median(frames))}  p95 ${ms(pct(frames, 0.95))}  max ${ms(Math.max(...frames))}  (${frames.length} frames)`,
  );
} finally {
  await browser.close();
  await server.close();
}
