// Browser benchmark of the compare view on the release build (not a test: `node
// bench-compare.mjs`). A 50-event workload (generated in the workload editor) with
// the preset's crash after the sink write of evt-2: the time from pressing `v` to
// the next painted frame with all nine lanes in the DOM (every design simulated,
// judged and its departure found, then drawn), and the long tasks meanwhile.
import { serveDist, launchBrowser, openPage } from './helpers.mjs';

const RUNS = 11;
const EVENTS = process.env.EVENTS ?? '50';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

const server = await serveDist();
const browser = await launchBrowser();
try {
  const { page, context, errors } = await openPage(browser, `${server.url}?preset=db-then-commit`);
  await page.waitForSelector('[data-testid^="gap-"]');
  await page.click('[data-testid="workload"] > summary');
  await page.fill('[data-testid="generate-count"] input, input[data-testid="generate-count"]', EVENTS);
  await page.click('[data-testid="generate"]');
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="workload"] summary')?.textContent.includes(`${n} events`),
    EVENTS,
  );
  const faults = await page.locator('.placed-fault').count();

  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({
      type: 'longtask',
      buffered: false,
    });
  });
  const open = [];
  for (let i = 0; i < RUNS; i++) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const done = page.evaluate(
      () =>
        new Promise((resolve) => {
          addEventListener(
            'keydown',
            () => {
              const start = performance.now();
              const wait = () => {
                if (document.querySelectorAll('.cmp-lane').length === 9) {
                  requestAnimationFrame(() => resolve(performance.now() - start));
                } else {
                  requestAnimationFrame(wait);
                }
              };
              queueMicrotask(wait);
            },
            { once: true, capture: true },
          );
        }),
    );
    await page.locator('body').focus();
    const [t] = await Promise.all([done, page.keyboard.press('v')]);
    open.push(t);
    await page.keyboard.press('v'); // close again
    await page.waitForSelector('svg.sequence-diagram');
  }
  const long = await page.evaluate(() => window.__long);
  console.log(`compare, ${EVENTS} events, ${faults} fault(s), 9 designs`);
  console.log(`v → lanes painted, median (min / max) of ${RUNS}: ${ms(median(open))} (${ms(Math.min(...open))} / ${ms(Math.max(...open))})`);
  console.log(`long tasks (> 50 ms) over the ${RUNS} openings: ${long.length}${long.length ? ` (max ${ms(Math.max(...long))})` : ''}`);
  if (errors.length) console.error('page errors:', errors);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
