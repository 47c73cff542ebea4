// What every end-to-end suite shares: playwright-core driving Debian's
// Chromium (/usr/bin/chromium or $CHROMIUM, no browser download) in a
// fresh profile against the server at BASE_URL, numbered steps with a
// screenshot each (test-results/<prefix>NN-<step>.png, -FAILED on
// failure), and browser console errors collected as problems.
// scripts/check.sh runs e2e/*.mjs only, so this folder is not a suite.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Opens a browser for one suite.
 * @param {object} o
 * @param {string} o.name the suite's name in its summary line
 * @param {string} [o.prefix] screenshot file prefix, e.g. "app-"
 * @param {string[]} [o.args] extra Chromium flags
 * @param {boolean} [o.downloads] accept downloads into a temporary folder
 * @param {(text: string) => boolean} [o.expectedConsoleError] console errors the suite provokes on purpose
 */
export async function openSuite({ name, prefix = '', args = [], downloads = false, expectedConsoleError = () => false }) {
  const base = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
  const shots = new URL('../../test-results/', import.meta.url).pathname;
  mkdirSync(shots, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'es-chromium-'));
  const downloadDir = downloads ? mkdtempSync(join(tmpdir(), 'es-downloads-')) : undefined;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: downloads,
    downloadsPath: downloadDir,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...args,
    ],
  });
  const problems = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000); // generous: CI machines are small and may be busy
  page.on('console', (m) => m.type() === 'error' && !expectedConsoleError(m.text()) && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  let step = 0;

  /** Runs one numbered step and saves its screenshot. */
  async function check(stepName, fn) {
    step++;
    const t0 = Date.now();
    const file = join(shots, `${prefix}${String(step).padStart(2, '0')}-${stepName}`);
    try {
      await fn();
      await page.screenshot({ path: `${file}.png`, fullPage: true });
      console.log(`  ok   ${step} ${stepName} (${Date.now() - t0} ms)`);
    } catch (e) {
      await page.screenshot({ path: `${file}-FAILED.png`, fullPage: true }).catch(() => {});
      throw new Error(`step ${step} ${stepName}: ${e.message}`);
    }
  }

  /** Runs the suite's steps, reports, and always closes the browser. */
  async function runSteps(steps) {
    const started = Date.now();
    try {
      await steps();
      if (problems.length) throw new Error(`browser reported problems:\n  ${problems.join('\n  ')}`);
      console.log(`e2e ${name}: ${step} steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in frontend/test-results/${prefix}*.png`);
    } catch (e) {
      console.error(`e2e ${name}: FAILED ${e.message}`);
      if (problems.length) console.error(problems.join('\n'));
      process.exitCode = 1;
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
    }
  }

  return { base, page, context, check, runSteps, downloadDir, shots, stepNo: () => step };
}
