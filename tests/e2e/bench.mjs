// Browser benchmarks of the release build (not a test: `node bench.mjs`, or
// `make bench-web`). Prints time to first render, the time from a keyboard edit to
// the next painted frame, frame times and long tasks while playback runs at 4×, and
// the "Break it" search in its worker: every single and double crash placement of a
// 10-event scenario under every design.
import { serveDist, launchBrowser, openPage } from './helpers.mjs';

const RUNS = 5;
const EDITS = 15;
const PRESET = process.env.PRESET ?? 'loyalty-email';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ms = (x) => `${x.toFixed(1)} ms`;

/** The workload `Workload::generated(10, 1, 42)` makes (SplitMix64, as the model). */
function generated(n, seed) {
  const M = (1n << 64n) - 1n;
  let state = BigInt(seed);
  const next = () => {
    state = (state + 0x9e3779b97f4a7c15n) & M;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    return z ^ (z >> 31n);
  };
  const keys = BigInt(Math.min(26, Math.max(1, Math.floor(n / 4))));
  return Array.from({ length: n }, (_, i) => {
    const key = next() % keys;
    const amount = 10 * (1 + Number(next() % 10n));
    next(); // the partition (one partition: always 0)
    return { id: `evt-${i + 1}`, key: `user-${key + 1n}`, amount, partition: 0 };
  });
}

/** Times the search worker: `runs` searches of every design with single and
 * double crashes, in the page, and the long tasks on the page meanwhile. */
async function benchBreakIt(browser, url, runs) {
  const { page, context } = await openPage(browser, url);
  await page.waitForSelector('[data-testid^="gap-"]');
  const request = JSON.stringify({
    scenario: {
      version: 1,
      title: 'bench',
      workload: { partitions: 1, events: generated(10, 42) },
      design: { kind: 'at-least-once' },
      faults: [],
    },
    kinds: ['crash'],
    depth: 2,
    matrix: true,
  });
  const out = await page.evaluate(
    async ({ request, runs }) => {
      const long = [];
      new PerformanceObserver((l) => long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
      const started = performance.now();
      const worker = new Worker('./eoslab-search_loader.js');
      // Replies are lines (see src/model/search_wire.rs): `ready`, `progress tried
      // broke searched positions done`, then `matrix …` or `refused why`.
      let tried = 0;
      const reply = () =>
        new Promise((resolve) => {
          worker.onmessage = (e) => {
            const [word, n] = e.data.split(' ');
            if (word === 'progress') tried = Number(n);
            if (word === 'ready' || word === 'matrix' || word === 'refused') resolve(e.data);
          };
        });
      await reply();
      const ready = performance.now() - started;
      const times = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const done = reply();
        worker.postMessage(request);
        const m = await done;
        times.push(performance.now() - t0);
        if (!m.startsWith('matrix')) throw new Error(m);
      }
      worker.terminate();
      return { ready, times, tried, long };
    },
    { request, runs },
  );
  await context.close();
  return out;
}

const server = await serveDist();
const browser = await launchBrowser();
try {
  // Time to first render: navigation start → the diagram's gaps are in the DOM.
  const firstRender = [];
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await openPage(browser, `${server.url}?preset=${PRESET}`);
    await page.waitForSelector('[data-testid^="gap-"]');
    firstRender.push(await page.evaluate(() => performance.now()));
    await context.close();
  }

  const { page, context, errors } = await openPage(browser, `${server.url}?preset=${PRESET}`);
  page.on('crash', () => console.error('the page crashed', errors));
  await page.waitForSelector('[data-testid^="gap-"]');
  await page.click('text=Clear faults');

  // The first gap that takes a crash.
  const gapId = await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (const gap of document.querySelectorAll('[data-testid^="gap-"]')) {
      gap.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true }));
      await frame();
      if (document.querySelector('[data-testid^="placed-fault-"]')) return gap.dataset.testid;
    }
    return null;
  });
  await page.click('text=Clear faults');

  // Edit → next paint: from the page's keydown handler (and from the event's time
  // stamp) to the frame after the placed token appears (re-simulation, diagram,
  // panels, palette, verdict strip).
  const edits = [];
  for (let i = 0; gapId && i < EDITS; i++) {
    // Let the redraw after "Clear faults" settle, then focus the gap.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.focus(`[data-testid="${gapId}"]`);
    const done = page.evaluate(
      () =>
        new Promise((resolve) => {
          addEventListener(
            'keydown',
            (e) => {
              const stamp = e.timeStamp;
              const start = performance.now();
              const wait = () => {
                if (document.querySelector('[data-testid^="placed-fault-"]')) {
                  requestAnimationFrame(() => {
                    const now = performance.now();
                    resolve([now - start, now - stamp]);
                  });
                } else {
                  requestAnimationFrame(wait);
                }
              };
              queueMicrotask(wait);
            },
            { once: true, capture: true },
          );
          setTimeout(() => resolve(null), 3000);
        }),
    );
    const [t] = await Promise.all([done, page.keyboard.press('c')]);
    if (t) edits.push(t);
    await page.click('text=Clear faults');
  }

  // Frame times and long tasks during playback at 4×.
  await page.selectOption('[data-testid="speed"]', { index: 3 });
  await page.evaluate(() => {
    window.__frames = [];
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({
      type: 'longtask',
      buffered: false,
    });
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
  const long = await page.evaluate(() => window.__long);
  await context.close();

  console.log(`EOS Lab in headless Chromium (release build, preset ${PRESET})`);
  console.log(`time to first render      median ${ms(median(firstRender))}  (${RUNS} loads)`);
  if (edits.length) {
    const page_ = edits.map((e) => e[0]);
    const stamp = edits.map((e) => e[1]);
    console.log(
      `keyboard edit → next paint median ${ms(median(page_))}  max ${ms(Math.max(...page_))}  (${edits.length} edits, from the page's keydown handler)`,
    );
    console.log(
      `  from the key event's time stamp median ${ms(median(stamp))}  max ${ms(Math.max(...stamp))}  (includes the input's delivery to the page)`,
    );
  } else {
    console.log('keyboard edit → next paint: no gap took a crash');
  }
  console.log(
    `frame time during play 4× median ${ms(median(frames))}  p95 ${ms(pct(frames, 0.95))}  max ${ms(Math.max(...frames))}  (${frames.length} frames)`,
  );
  console.log(`long tasks (> 50 ms) during play: ${long.length}${long.length ? ` (max ${ms(Math.max(...long))})` : ''}`);

  const search = await benchBreakIt(browser, `${server.url}?preset=${PRESET}`, RUNS);
  console.log(
    `break it, in its worker: every single and double crash placement of 10 events, all designs (${search.tried} runs)`,
  );
  const [first, ...rest] = search.times;
  console.log(
    `  first ${ms(first)}, then median ${ms(median(rest))}  max ${ms(Math.max(...rest))}  (${RUNS} searches; before them the worker's start, fetch and compile: ${ms(search.ready)})`,
  );
  console.log(`  long tasks (> 50 ms) on the page meanwhile: ${search.long.length}`);
} finally {
  await browser.close();
  await server.close();
}
