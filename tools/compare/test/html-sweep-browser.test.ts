/**
 * The sweep's charts in headless chromium (as html-browser.test.ts): throughput against cores with its error bars, the
 * server latency-against-throughput curve and the latency CDFs must hold drawn pixels, without the network.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/report.ts';
import { CHROMIUM_INSTALL_TIMEOUT_MS, ensureChromium } from './chromium.ts';
import { sweepLoaded } from './sweep-records.ts';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'compare-sweep-html-'));

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: ensureChromium(), args: ARGS });
}, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('sweep charts in headless chromium', () => {
  it('draws throughput (with error bars), the server curve and the CDFs', async () => {
    const htmlPath = join(dir, 'report.html');
    writeFileSync(htmlPath, buildReport(sweepLoaded(), new Date('2026-01-02T00:00:00Z')).html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const external: string[] = [];
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForFunction(() => document.body.dataset['chartsRendered'] !== undefined, undefined, { timeout: 30_000 });
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((canvas) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        let firstColour = 0; // #1f77b4, the first series' colour
        let errorBar = 0; // #333, the error bars' stroke
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 0) painted++;
          if (data[i + 3] !== 255) continue;
          if (data[i] === 0x1f && data[i + 1] === 0x77 && data[i + 2] === 0xb4) firstColour++;
          if (data[i] === 0x33 && data[i + 1] === 0x33 && data[i + 2] === 0x33) errorBar++;
        }
        return { id: canvas.id, painted, firstColour, errorBar, pixels: data.length / 4 };
      }),
    );
    const rendered = Number(await page.evaluate(() => document.body.dataset['chartsRendered']));
    expect(charts.map((c) => c.id)).toEqual(['latency-0', 'throughput-0', 'server-0', 'cdf-0', 'cdf-offline-0']);
    expect(rendered).toBe(charts.length);
    for (const c of charts) {
      expect(c.painted / c.pixels, `${c.id} is blank`).toBeGreaterThan(0.02);
      expect(c.firstColour, `${c.id} has nothing in the first series' colour`).toBeGreaterThan(100);
    }
    expect(charts.find((c) => c.id === 'throughput-0')!.errorBar, 'no error bar drawn on the throughput bars').toBeGreaterThan(10);
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
    await page.screenshot({ path: join(dir, 'sweep.png'), fullPage: true });
    process.stdout.write(`screenshot: ${join(dir, 'sweep.png')}\n`);
    await page.close();
  });
});
