// Shared helpers for the end-to-end tests: serve the release build in dist/ on
// 127.0.0.1 and drive Debian's Chromium with playwright-core.
import http from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const ROOT = path.resolve(here, '..', '..');
/** The release build that `trunk build --release --public-url ./` writes. */
export const DIST = path.join(ROOT, 'dist');
/** Where screenshots go (git-ignored). */
export const ARTIFACTS = path.join(here, 'artifacts');

/** The browser every test drives. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Flags Chromium needs as root on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves `dir` (dist/ by default) on 127.0.0.1 at a free port chosen by the OS,
 * with `headers` (e.g. a Content-Security-Policy) on every file it serves.
 * Resolves to `{ url, close }`; `url` ends with a slash.
 */
export async function serveDist(dir = DIST, headers = {}) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      let rel = decodeURIComponent(pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(root, '.' + rel);
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const body = await readFile(file);
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, { ...headers, 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * The server of dist/ and the browser a test file shares: started before its first
 * test (`needs` is the file of dist/ it needs, so a missing build says so), closed
 * after its last. `suite.open(query, viewport)` opens the lab on `?query` and waits
 * for its diagram.
 */
export function labSuite(needs = 'index.html') {
  const suite = {
    server: null,
    browser: null,
    async open(query, viewport) {
      const opened = await openPage(suite.browser, `${suite.server.url}?${query}`, viewport);
      await opened.page.locator('svg.sequence-diagram').waitFor({ state: 'visible', timeout: 15_000 });
      return opened;
    },
  };
  before(async () => {
    assert.ok(
      existsSync(path.join(DIST, needs)),
      `dist/${needs} is missing: run \`trunk build --release --public-url ./\` first`,
    );
    suite.server = await serveDist();
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/** Launches headless Chromium with the flags above. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * Opens a page at `url` with the given viewport, failing the test on any page
 * error or console error (a Rust panic lands there).
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, context, errors };
}

/** Saves a full-page screenshot as artifacts/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Presses Tab until the focus is inside the sequence diagram (its one tab stop). */
export async function tabIntoDiagram(page, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => !!document.activeElement?.closest('.diagram-scroll'))) return;
  }
  throw new Error('Tab never reached the diagram');
}

/**
 * Moves the focus inside the diagram with ↓ (from where it is) until the focused
 * element's aria-label is `label`. Returns the number of keys pressed.
 */
export async function arrowTo(page, label, max = 400) {
  for (let i = 0; i < max; i++) {
    const now = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    if (now === label) return i;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`ArrowDown never reached "${label}"`);
}

/** The step counter of `scope` (a page or a frame) as [cursor, steps]. */
export async function counter(scope) {
  const text = await scope.locator('[data-testid="step-counter"]').textContent();
  const m = text.match(/step\s+(\d+)\s*\/\s*(\d+)/);
  assert.ok(m, `step counter reads "${text}"`);
  return [Number(m[1]), Number(m[2])];
}

let axe;

/** Serious and critical axe-core violations on `page` as it is now. */
export async function axeViolations(page) {
  axe ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axe });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(({ id, nodes }) => ({ id, nodes }));
}
