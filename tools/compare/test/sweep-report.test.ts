import { describe, expect, it } from 'vitest';
import type { ProfileSummaryRow } from '@modelbench/core';
import { toCellView } from '../src/cell-view.ts';
import { operatorChart } from '../src/chart-data.ts';
import { CSV_COLUMNS } from '../src/csv.ts';
import { buildReport } from '../src/report.ts';
import { summarizeCells } from '../src/summary.ts';
import { showsScaling, sweepWorkloads } from '../src/sweep.ts';
import { cdfCharts, serverChart, sweepChartSpecs, throughputChart } from '../src/sweep-charts.ts';
import { makeRecord } from './records.ts';
import { scenario } from './scenario.ts';
import { sweepLoaded } from './sweep-records.ts';

const cells = sweepLoaded().map(toCellView);
const [resnet] = sweepWorkloads(cells, summarizeCells(cells).parts);

describe('sweep charts', () => {
  it('bars throughput by cores (instances × threads), one series per group, each bar with its batch-means error', () => {
    const chart = throughputChart(resnet!, 0);
    expect(chart.labels).toEqual(['1 (1×1)', '2 (1×2)', '2 (2×1)', '4 (2×2)']);
    const offline = chart.series.find((s) => s.label.includes('offline'))!;
    expect(offline.data).toEqual([10, 18, 19, 30]);
    expect(offline.errors!.every((e) => e !== null)).toBe(true);
    expect(offline.notes[3]).toBe('speedup 3.00×, parallel efficiency 75.0 % vs 1 × 1 (1 core)');
    const ss = chart.series.find((s) => s.label.includes('single-stream'))!;
    expect(ss.data).toEqual([10, 10 / 0.6, null, null]);
    const plain = chart.series.find((s) => s.label.includes('plain'))!;
    expect(plain.data).toEqual([null, 10, null, null]);
    // the 95 % interval of the 5 block means (sd √7.5): t(4) · √7.5 / √5 = 3.4004 (scipy 1.17.1)
    expect(plain.errors![1]).toBeCloseTo(3.4004369032912782, 2);
    expect([plain.errors![0], plain.errors![2], plain.errors![3]]).toEqual([null, null, null]);
    expect(chart.axisTitle).toContain('error bars: 95 % interval');
  });

  it('plots server p99 against achieved QPS, and CDFs of latencies apart from offline completions', () => {
    const server = serverChart(resnet!, 0)!;
    expect(server.title).toContain('bound 100 ms');
    const peak = server.series.find((s) => s.label.endsWith('find-peak'))!;
    expect(peak.points).toEqual([{ x: 7.9, y: 60 }, { x: 11.8, y: 90 }, { x: 12, y: 400 }]);
    expect(peak.notes[2]).toBe('target 16 QPS, misses the 100 ms bound');
    const [latency, completion] = cdfCharts(resnet!, 0);
    expect(latency!.id).toBe('cdf-0');
    expect(latency!.series).toHaveLength(6); // two single-stream, three server, one plain
    expect(completion!.id).toBe('cdf-offline-0');
    expect(completion!.series.map((s) => s.label)).toEqual(['ort-cpu fp32 1t offline ×1 (n 20)', 'ort-cpu fp32 2t offline ×1 (n 36)', 'ort-cpu fp32 1t offline ×2 (n 38)', 'ort-cpu fp32 2t offline ×2 (n 60)']);
    expect(completion!.series[0]!.points.slice(0, 2)).toEqual([{ x: 100, y: 0.05 }, { x: 200, y: 0.1 }]);
  });

  it('draws no throughput chart where nothing scales (one thread count, no scenario), CDFs still', () => {
    const plain = scenario().map(toCellView);
    const sweep = sweepWorkloads(plain, summarizeCells(plain).parts);
    expect(sweep.some(showsScaling)).toBe(false);
    expect(sweepChartSpecs(sweep, showsScaling).map((c) => c.id)).toEqual(['cdf-0', 'cdf-1', 'cdf-2']);
  });

  it('gives the stacked operator bars an error bar: the 95 % interval of the cell\'s mean batch time', () => {
    const op = (opType: string, totalMs: number): ProfileSummaryRow => ({ opType, calls: 1, totalMs, meanMs: totalMs, percent: 0 });
    const a = makeRecord({ operators: [op('Conv', 500)], samplesMs: [90, 100, 110] });
    const b = makeRecord({ backend: 'ort-wasm', operators: [op('Conv', 900)], samplesMs: [100] });
    const views = [a, b].map((record) => toCellView({ record, source: 'r', path: '' }));
    // sd of 90, 100, 110 (n − 1) = 10: t(2) · 10 / √3 = 24.841 (scipy 1.17.1); a single batch has none
    const [withSpread, single] = operatorChart(views, { machine: false, source: false }, 'resnet50', 0)!.totalErrors!;
    expect(withSpread).toBeCloseTo(24.8413771175033, 1);
    expect(single).toBeNull();
  });
});

describe('sweep in the report', () => {
  const report = buildReport(sweepLoaded(), new Date('2026-01-02T00:00:00Z'));

  it('leaves scenario cells out of the latency ranking and tabulates them in the scaling sweep', () => {
    expect(report.summary.workloads[0]!.cells.map((r) => r.cell.scenario)).toEqual([null]);
    const md = report.markdown.slice(report.markdown.indexOf('## Scaling sweep'));
    expect(md).toContain('**ort-cpu fp32 offline, batch 1** — baseline 1 × 1 (1 core)');
    expect(md).toContain('| 2 × 2 | 4 | 30.00 | 0.00 | 3.00× | 75.0 % | - | - | VALID |');
    expect(md).toContain('| 1 × 2 | 2 | 18.00 |');
    expect(md).toMatch(/\*\*ort-cpu fp32 2t ×1\*\* — server, one cell per target QPS[\s\S]*\| 10.00 \| 9.70 \| - \| 180.00 \| 100.0 \| no \|/);
    expect(md).toMatch(/find-peak probes[\s\S]*\| 16.00 \| 12.00 \| - \| 400.00 \| 100.0 \| no \|/);
  });

  it('puts scenario, instances, cores and the throughput sd in the CSV', () => {
    // fields split on commas outside quotes (the machine name holds commas)
    const rows = report.csv.trim().split('\r\n').map((l) => [...l.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!).slice(0, CSV_COLUMNS.length));
    const col = (n: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(n);
    const big = rows.find((r) => r[col('scenario')] === 'offline' && r[col('cores_used')] === '4')!;
    expect([big[col('instances')], big[col('throughput_samples_per_s')], big[col('throughput_sd_samples_per_s')], big[col('validity')]]).toEqual(['2', '30', '0', 'VALID']);
    const server = rows.find((r) => r[col('target_qps')] === '10')!;
    expect([server[col('achieved_qps')], server[col('query_p99_ms')]]).toEqual(['9.7', '180']);
  });

  it('shows the sweep section, its canvases and the scenario cells\' settings in the HTML page', () => {
    expect(report.html).toContain('<h2>Scaling sweep and latency distributions</h2>');
    for (const id of ['throughput-0', 'server-0', 'cdf-0', 'cdf-offline-0']) expect(report.html).toContain(`<canvas id="${id}"`);
    const settings = report.html.slice(report.html.indexOf('<h2>Run settings</h2>'));
    expect(settings).toContain('<td>1 query</td>'); // offline: one query of all the samples
    expect(settings).toContain('<td>10 queries</td>');
    expect(settings).toContain('<td>2 × 2</td>');
    expect(settings).toContain('<td>2 calls/instance</td>');
  });

  it('says where a workload measured only in scenarios went, instead of "no cell was measured"', () => {
    const only = buildReport(sweepLoaded().filter((l) => l.record.scenario !== undefined));
    expect(only.markdown).toContain('**resnet50**: no plain-loop cell to rank; its 9 scenario cell(s) are ranked on MLPerf\'s metric in the scenario ranking.');
  });
});
