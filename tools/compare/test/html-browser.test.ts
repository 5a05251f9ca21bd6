/**
 * The HTML report rendered in a real headless browser (Debian's chromium, driven by playwright-core): every chart's
 * canvas must hold drawn pixels in the chart colours, the page must make no network request, and a screenshot is kept
 * in the test's temp folder. Chromium comes from ./chromium.ts (installed with apt-get when missing and root).
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileSummaryRow } from '@modelbench/core';
import { buildReport } from '../src/report.ts';
import { scenario } from './scenario.ts';
import { CHROMIUM_INSTALL_TIMEOUT_MS, ensureChromium } from './chromium.ts';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function operators(scale: number): ProfileSummaryRow[] {
  const ops: [string, number][] = [['Conv', 70], ['Relu', 8], ['Add', 5], ['BatchNormalization', 4], ['MaxPool', 3], ['GlobalAveragePool', 2], ['Gemm', 2], ['Flatten', 1], ['Reshape', 1], ['Cast', 0.5]];
  const total = ops.reduce((s, [, ms]) => s + ms * scale, 0);
  return ops.map(([opType, ms]) => ({ opType, calls: 10, totalMs: ms * scale * 5, meanMs: (ms * scale) / 2, percent: ((ms * scale) / total) * 100 }));
}

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'compare-html-'));

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: ensureChromium(), args: ARGS });
}, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('HTML report in headless chromium', () => {
  it('draws every chart (latency per workload, operator types) without the network, and takes a screenshot', async () => {
    const loaded = scenario();
    for (const l of loaded) {
      if (l.record.workload === 'resnet50' && l.record.status === 'ok' && l.record.backend?.precision === 'fp32') {
        l.record.profile = { tracePath: '/tmp/trace.json', runs: 5, modelRunMeanMs: null, operators: operators(l.record.backend.id === 'ort-cpu' ? 1 : 1.5) };
      }
    }
    const report = buildReport(loaded, new Date('2026-01-02T00:00:00Z'));
    const htmlPath = join(dir, 'report.html');
    writeFileSync(htmlPath, report.html);

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
        const ctx = canvas.getContext('2d')!;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        let firstColour = 0; // #1f77b4, the first series' colour
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 0) painted++;
          if (data[i] === 0x1f && data[i + 1] === 0x77 && data[i + 2] === 0xb4 && data[i + 3] === 255) firstColour++;
        }
        return { id: canvas.id, width: canvas.width, height: canvas.height, painted, firstColour, pixels: data.length / 4 };
      }),
    );
    const rendered = Number(await page.evaluate(() => document.body.dataset['chartsRendered']));

    // three workloads with measured cells (a latency chart and a latency CDF each), one profiled workload
    expect(charts.map((c) => c.id)).toEqual(['latency-0', 'latency-1', 'latency-2', 'cdf-0', 'cdf-1', 'cdf-2', 'operators-1']);
    expect(rendered).toBe(charts.length);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.painted / c.pixels, `${c.id} is blank`).toBeGreaterThan(0.02);
      expect(c.firstColour, `${c.id} has no bar in the first series' colour`).toBeGreaterThan(200);
    }
    expect(pageErrors).toEqual([]);
    expect(external).toEqual([]);
    expect(await page.textContent('h1')).toContain('which backend and precision wins');
    expect(await page.textContent('body')).toContain('winner ort-cpu fp32 2t');

    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    process.stdout.write(`screenshot: ${screenshot}\n`);
    await page.close();
  });
});
