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

// `DIST_DIR=… node bench.mjs` measures another build (e.g. one of main, to compare).
const server = await serveDist(process.env.DIST_DIR);
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
  await page.click('[data-testid="clear-faults"]');

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
  await page.click('[data-testid="clear-faults"]');

  // Edit → next paint: from the page's keydown handler (and from the event's time
  // stamp) to the paint that shows the placed token (re-simulation, diagram,
  // panels, palette, verdict strip).
  const edits = gapId ? await keyboardEdits(page, gapId, EDITS) : [];
  const cpu = gapId ? await cpuPerEdit(page, gapId) : null;

  // Frame times and long tasks during playback at 4×.
  const { frames, long } = await playback(page, 4000);
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
    const late = edits.map((e) => e[2]);
    console.log(`  to the frame after that paint   median ${ms(median(late))}  (how this was measured before)`);
    if (cpu) console.log(`  main-thread CPU per edit: ${cpuWords(cpu)}`);
  } else {
    console.log('keyboard edit → next paint: no gap took a crash');
  }
  console.log(
    `frame time during play 4× median ${ms(median(frames))}  p95 ${ms(pct(frames, 0.95))}  max ${ms(Math.max(...frames))}  (${frames.length} frames)`,
  );
  console.log(`long tasks (> 50 ms) during play: ${long.length}${long.length ? ` (max ${ms(Math.max(...long))})` : ''}`);

  // A 50-event workload made in the workload editor: playback frames and edits.
  await fiftyEvents(browser, server.url);

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

/**
 * Times `count` keyboard edits: focus gap `gapId`, press `c` (a crash placed on
 * it), and measure to the paint that shows the placed token; "Clear faults" between
 * edits. Each result is [ms from the page's keydown handler, ms from the key
 * event's time stamp, ms to the start of the frame after that paint].
 */
async function keyboardEdits(page, gapId, count) {
  const edits = [];
  for (let i = 0; i < count; i++) {
    // Let the redraw after "Clear faults" settle, then focus the gap.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.focus(`[data-testid="${gapId}"]`);
    // The listener is in place before the key is pressed.
    await page.evaluate(() => {
      window.__edit = new Promise((resolve) => {
        addEventListener(
          'keydown',
          (e) => {
            const stamp = e.timeStamp;
            const start = performance.now();
            // A requestAnimationFrame callback runs before its frame's style, layout
            // and paint; a message posted from it arrives once that frame is painted.
            const painted = () => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => {
                const now = performance.now();
                requestAnimationFrame(() => resolve([now - start, now - stamp, performance.now() - start]));
              };
              ch.port2.postMessage(0);
            };
            const wait = () => {
              if (document.querySelector('[data-testid^="placed-fault-"]')) painted();
              else requestAnimationFrame(wait);
            };
            requestAnimationFrame(wait);
          },
          { once: true, capture: true },
        );
        setTimeout(() => resolve(null), 3000);
      });
    });
    await page.keyboard.press('c');
    const t = await page.evaluate(() => window.__edit);
    if (t) edits.push(t);
    await page.click('[data-testid="clear-faults"]');
  }
  return edits;
}

/**
 * Plays the run from its first step at the fastest speed for `duration` ms and
 * records every frame's time and every long task (> 50 ms).
 */
async function playback(page, duration) {
  const speeds = await page.locator('[data-testid="speed"] option').count();
  await page.selectOption('[data-testid="speed"]', { index: speeds - 1 });
  // Back to step 0 the way a person does it: Home on the step slider.
  await page.focus('[data-testid="scrubber"]');
  await page.keyboard.press('Home');
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
      if (window.__frames.length < 1200) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.click('[data-testid="play"]');
  await page.waitForTimeout(duration);
  if ((await page.getByTestId('play').getAttribute('aria-label')) === 'Pause') await page.click('[data-testid="play"]');
  const frames = (await page.evaluate(() => window.__frames)).slice(1);
  const long = await page.evaluate(() => window.__long);
  return { frames, long };
}

/**
 * Makes a 50-event workload the way a person does (open the workload editor, type
 * 50 into "Events", press "Generate events"), then measures playback at the fastest
 * speed and keyboard edits on it, and prints the figures.
 */
async function fiftyEvents(browser, url) {
  const { page, context } = await openPage(browser, `${url}?preset=${PRESET}`);
  try {
    await page.waitForSelector('[data-testid^="gap-"]');
    await page.click('[data-testid="workload"] > summary');
    const count = page.getByTestId('generate-count');
    await count.click();
    await count.press('Control+A');
    await page.keyboard.type('50');
    await page.keyboard.press('Tab');
    await page.click('[data-testid="generate"]');
    await page.click('[data-testid="workload"] > summary');
    await page.click('[data-testid="clear-faults"]');
    const steps = await page.evaluate(() => document.querySelectorAll('[data-testid^="gap-"]').length);
    const events = await page.locator('.wl-events > li').count();
    // A gap in the middle of the run that takes a crash.
    const gapId = await page.evaluate(async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const gaps = [...document.querySelectorAll('[data-testid^="gap-"]')];
      for (const gap of gaps.slice(Math.floor(gaps.length / 2))) {
        gap.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true }));
        await frame();
        if (document.querySelector('[data-testid^="placed-fault-"]')) return gap.dataset.testid;
      }
      return null;
    });
    await page.click('[data-testid="clear-faults"]');
    const edits = gapId ? await keyboardEdits(page, gapId, EDITS) : [];
    const cpu = gapId ? await cpuPerEdit(page, gapId) : null;
    const { frames, long } = await playback(page, 5000);
    console.log(`50-event workload from "Generate events" (${events} events, ${steps} gaps)`);
    if (edits.length) {
      const page_ = edits.map((e) => e[0]);
      console.log(
        `  keyboard edit → next paint median ${ms(median(page_))}  max ${ms(Math.max(...page_))}  (${edits.length} edits, crash at ${gapId})`,
      );
      if (cpu) console.log(`  main-thread CPU per edit: ${cpuWords(cpu)}`);
    } else {
      console.log('  keyboard edit → next paint: no gap took a crash');
    }
    console.log(
      `  frame time during play at the fastest speed median ${ms(median(frames))}  p95 ${ms(pct(frames, 0.95))}  max ${ms(Math.max(...frames))}  (${frames.length} frames)`,
    );
    console.log(`  long tasks (> 50 ms) during play: ${long.length}${long.length ? ` (max ${ms(Math.max(...long))})` : ''}`);
  } finally {
    await context.close();
  }
}

/**
 * Main-thread CPU time of a keyboard edit, from Chromium's trace (each event's
 * thread time, so other processes on the machine do not inflate it): `c` on gap
 * `gapId`, then "Clear faults" by keyboard, six times; per edit (half a cycle),
 * split into script, style, layout and paint.
 */
async function cpuPerEdit(page, gapId, cycles = 6) {
  const cdp = await page.context().newCDPSession(page);
  const trace = [];
  cdp.on('Tracing.dataCollected', (d) => trace.push(...d.value));
  await cdp.send('Tracing.start', {
    categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  for (let i = 0; i < cycles; i++) {
    await page.focus(`[data-testid="${gapId}"]`);
    await page.keyboard.press('c');
    await page.waitForTimeout(150);
    await page.focus('[data-testid="clear-faults"]');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(150);
  }
  const ended = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await ended;
  await cdp.detach();
  // The renderer's main thread: the one with the most task time.
  const byThread = new Map();
  for (const e of trace) if (e.name === 'RunTask') byThread.set(e.tid, (byThread.get(e.tid) ?? 0) + (e.tdur ?? 0));
  const main = [...byThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const kinds = {
    script: ['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks'],
    style: ['UpdateLayoutTree'],
    layout: ['Layout'],
    paint: ['PrePaint', 'Paint', 'Layerize', 'Commit'],
  };
  const out = { all: 0, script: 0, style: 0, layout: 0, paint: 0 };
  // An event inside another of the same kind (a function call in an event
  // dispatch) is counted once, with the outer one.
  const until = {};
  const events = trace.filter((e) => e.tid === main && e.ph === 'X' && e.tdur).sort((a, b) => a.ts - b.ts);
  for (const e of events) {
    if (e.name === 'RunTask') out.all += e.tdur;
    for (const [k, names] of Object.entries(kinds)) {
      if (!names.includes(e.name) || e.ts < (until[k] ?? 0)) continue;
      out[k] += e.tdur;
      until[k] = e.ts + e.dur;
    }
  }
  for (const k of Object.keys(out)) out[k] /= 1000 * 2 * cycles;
  return out;
}

/** `cpuPerEdit`'s figures in words. */
function cpuWords(c) {
  return `${ms(c.all)} (script ${ms(c.script)}, style ${ms(c.style)}, layout ${ms(c.layout)}, paint ${ms(c.paint)})`;
}
