import { describe, expect, it } from 'vitest';
import type { ProfileSummaryRow } from '@modelbench/core';
import { chartSpecs, operatorChart } from '../src/chart-data.ts';
import { toCellView } from '../src/cell-view.ts';
import { meanHalfWidth95 } from '../src/speedup.ts';
import { summarizeCells } from '../src/summary.ts';
import { around, makeRecord } from './records.ts';
import { scenario } from './scenario.ts';

const op = (opType: string, totalMs: number): ProfileSummaryRow => ({ opType, calls: 1, totalMs, meanMs: totalMs, percent: 0 });

describe('chart data', () => {
  it('groups latency by backend with one series per precision, fp32 first and in the same colour everywhere', () => {
    const cells = scenario().map(toCellView);
    const charts = chartSpecs(summarizeCells(cells), cells);
    const resnet = charts.find((c) => c.title.startsWith('resnet50'))!;
    expect(resnet.labels).toEqual(['ort-cpu 2t', 'ort-wasm 2t']);
    expect(resnet.series.map((s) => [s.label, s.colour, s.data])).toEqual([
      ['fp32', '#1f77b4', [100, 150]],
      ['bf16 (emulated)', '#a0a0a0', [80, 170]],
    ]);
    expect(resnet.logScale).toBe(false);
    expect(charts.filter((c) => c.kind === 'operators')).toEqual([]);
    // every latency bar carries its error bar: the 95 % interval of the cell's mean, t(n − 1) · sd / √n
    for (const s of resnet.series) {
      const cellsOfSeries = cells.filter((c) => c.workload === 'resnet50' && c.status === 'ok' && c.record.backend!.precision === (s.label === 'fp32' ? 'fp32' : 'bf16'));
      expect(s.errors).toEqual(resnet.labels.map((label) => meanHalfWidth95(cellsOfSeries.find((c) => label.startsWith(c.backend))!.record.latency!.sdMs, 9)));
    }
    // ort-cpu fp32: around(100, 2), sd 1.3693: 2.306 · 1.3693 / 3 = 1.0525 (scipy 1.17.1: t(8) = 2.3060)
    expect(resnet.series[0]!.errors![0]).toBeCloseTo(1.0525, 3);
    expect(resnet.axisTitle).toContain('error bars: 95 % interval of the mean');
  });

  it('draws latency on a linear axis from zero, even when latencies span more than 10×', () => {
    const cells = [makeRecord({ samplesMs: around(100, 1) }), makeRecord({ backend: 'ort-wasm', samplesMs: around(1500, 10) })].map((record) => toCellView({ record, source: 'r', path: '' }));
    const [chart] = chartSpecs(summarizeCells(cells), cells);
    expect(chart!.logScale).toBe(false);
    expect(chart!.axisTitle).toContain('from zero');
  });

  it('stacks milliseconds per profiled run by operator type, the top types and the rest as other', () => {
    const a = makeRecord({ operators: [op('Conv', 500), op('Relu', 50), op('Add', 30), op('Gemm', 20)], profiledRuns: 5 });
    const b = makeRecord({ backend: 'ort-wasm', operators: [op('Conv', 900), op('Relu', 100), op('MaxPool', 10)], profiledRuns: 10 });
    const cells = [a, b].map((record) => toCellView({ record, source: 'r', path: '' }));
    const chart = operatorChart(cells, { machine: false, source: false }, 'resnet50', 0, 2)!;
    expect(chart.labels).toEqual(['ort-cpu fp32 2t', 'ort-wasm fp32 2t']);
    // per run: a = Conv 100, Relu 10, Add 6, Gemm 4; b = Conv 90, Relu 10, MaxPool 1
    expect(chart.series.map((s) => [s.label, s.data])).toEqual([
      ['Conv', [100, 90]],
      ['Relu', [10, 10]],
      ['other', [10, 1]],
    ]);
    expect(operatorChart(cells, { machine: false, source: false }, 'bert', 0)).toBeNull();
  });
});
