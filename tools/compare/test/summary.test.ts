import { describe, expect, it } from 'vitest';
import { cellText, labelParts, toCellView } from '../src/cell-view.ts';
import { summarizeCells } from '../src/summary.ts';
import { around, makeRecord } from './records.ts';
import { scenario } from './scenario.ts';

const summary = () => summarizeCells(scenario().map(toCellView));
const byName = (name: string) => summary().workloads.find((w) => w.workload === name)!;

describe('summarizeCells', () => {
  it('names the fastest ranked cell the winner, with speedups over the runner-up and fp32 and the efficiency', () => {
    const w = byName('resnet50');
    expect(cellText(w.winner!.cell, { machine: false, source: false })).toBe('ort-cpu fp32 2t');
    expect(cellText(w.runnerUp!.cell, { machine: false, source: false })).toBe('ort-wasm fp32 2t');
    expect(w.speedupOverRunnerUp!.ratio).toBeCloseTo(1.5, 12);
    expect(w.tied).toEqual([w.winner]);
    expect(w.winner!.speedupOverFp32!.ratio).toBe(1);
    // 2 × 4.09 GMAC / 0.1 s = 81.8 GFLOP/s of a 100 GFLOP/s peak
    expect(w.winner!.cell.record.efficiency).toBeCloseTo(0.818, 12);
    expect(w.margin!.verdict).toBe('faster');
    expect(w.warnings.filter((x) => /not a reliable order/.test(x))).toEqual([]);
  });

  it('lists emulated bf16 cells without ranking them, even when they are faster', () => {
    const w = byName('resnet50');
    const emulated = w.cells.find((c) => c.cell.backend === 'ort-cpu' && c.cell.precision === 'bf16')!;
    expect(w.cells[0]).toBe(emulated); // fastest by mean …
    expect(emulated.ranked).toBe(false); // … but not ranked
    expect(emulated.notRankedReason).toBe('bf16 only emulated here');
    expect(emulated.relativeToFastest).toBeNull();
    expect(emulated.speedupOverFp32!.ratio).toBeCloseTo(100 / 80, 12);
    expect(w.warnings.some((x) => /only emulated/.test(x))).toBe(true);
  });

  it('keeps skipped and failed cells, with their reasons, out of the ranking', () => {
    const r = byName('resnet50');
    expect(r.notMeasured.map((c) => [c.backend, c.status, c.record.error?.code])).toEqual([['ort-cuda', 'skipped', 'BACKEND_UNAVAILABLE']]);
    const b = byName('bert');
    expect(b.notMeasured.map((c) => [c.backend, c.precision, c.status])).toEqual([['ort-wasm', 'bf16', 'error']]);
  });

  it('names no winner among tied cells: "tied", with the Welch test that cannot tell them apart', () => {
    const w = byName('bert');
    expect(w.winner).toBeNull();
    expect(w.tied.map((t) => t.cell.backend)).toEqual(['ort-cpu', 'ort-wasm']);
    expect(w.margin!.verdict).toBe('no significant change');
    // around(50, 5) and around(51, 5), n 9: sd 3.4233 each; t = 1 / √(2 × 3.4233² / 9) = 0.6197 ≤ t(16) = 2.12
    expect(w.margin!.reason).toBe('|t| = 0.62 ≤ 2.12 (Welch, df 16.0): within the noise');
    expect(w.speedupOverRunnerUp!.ratio).toBeCloseTo(51 / 50, 12);
  });

  it('keeps two cells tied where too few repeats make a 23 % difference not significant', () => {
    // means 100 and 130, sd 20 each, n 3: t = 30 / √(2 × 400 / 3) = 1.84 ≤ 2.776 (df 4)
    const cells = [makeRecord({ samplesMs: around(100, 20, 3) }), makeRecord({ backend: 'ort-wasm', samplesMs: around(130, 20, 3) })].map((record) =>
      toCellView({ record, source: 'r', path: '' }),
    );
    const [w] = summarizeCells(cells).workloads;
    expect(w!.winner).toBeNull();
    expect(w!.tied).toHaveLength(2);
    expect(w!.margin!.reason).toMatch(/^\|t\| = 1\.84 ≤ 2\.78/);
  });

  it('ties the fastest with every cell it is not significantly faster than, and ranks the rest below', () => {
    const cells = [
      makeRecord({ samplesMs: around(100, 1) }),
      makeRecord({ backend: 'ort-wasm', samplesMs: around(100.5, 1) }),
      makeRecord({ backend: 'ort-xnnpack', samplesMs: around(130, 1) }),
    ].map((record) => toCellView({ record, source: 'r', path: '' }));
    const [w] = summarizeCells(cells).workloads;
    expect(w!.tied.map((t) => t.cell.backend)).toEqual(['ort-cpu', 'ort-wasm']);
    expect(w!.cells.find((c) => c.cell.backend === 'ort-xnnpack')!.relativeToFastest!.ratio).toBeCloseTo(1.3, 12);
  });

  it('never ranks the null backend (it measures the harness), however fast it is', () => {
    const cells = [makeRecord({ backend: 'null', samplesMs: around(0.01, 0.001) }), makeRecord({ samplesMs: around(100, 1) })].map((record) =>
      toCellView({ record, source: 'r', path: '' }),
    );
    const [w] = summarizeCells(cells).workloads;
    expect(w!.winner!.cell.backend).toBe('ort-cpu');
    const nul = w!.cells.find((c) => c.cell.backend === 'null')!;
    expect([nul.ranked, nul.notRankedReason]).toEqual([false, 'the null backend measures the harness, not a contender']);
    expect(w!.warnings.some((x) => /null backend runs no model/.test(x))).toBe(true);
    const only = summarizeCells([cells[0]!]).workloads[0]!;
    expect([only.fastest, only.winner]).toEqual([null, null]);
  });

  it('names native bf16 the winner where it is faster, with its speedup over fp32', () => {
    const w = byName('ssd');
    expect(w.winner!.cell.precision).toBe('bf16');
    expect(w.winner!.cell.execution).toBe('native');
    expect(w.winner!.speedupOverFp32!.ratio).toBeCloseTo(40 / 25, 12);
    expect(w.speedupOverRunnerUp!.ratio).toBeCloseTo(40 / 25, 12);
  });

  it('tells machines apart only when records come from several, and runs apart only for repeated cells', () => {
    const a = makeRecord({ hostname: 'box-a', samplesMs: around(100, 1) });
    const b = makeRecord({ hostname: 'box-b', cpuModel: 'Other CPU', samplesMs: around(60, 1) });
    const cells = [a, b].map((record, i) => toCellView({ record, source: `run-${i}`, path: '' }));
    const parts = labelParts(cells);
    expect(parts).toEqual({ machine: true, source: false });
    const s = summarizeCells(cells);
    expect(cellText(s.workloads[0]!.winner!.cell, s.parts)).toBe('ort-cpu fp32 2t @ box-b');
    expect(s.machines).toHaveLength(2);
    const repeated = [a, a].map((record, i) => toCellView({ record, source: `run-${i}`, path: '' }));
    expect(labelParts(repeated)).toEqual({ machine: false, source: true });
    expect(cellText(repeated[1]!, labelParts(repeated))).toBe('ort-cpu fp32 2t [run-1]');
  });

  it('groups measured cells of different batch sizes apart', () => {
    const cells = [makeRecord({ batch: 1 }), makeRecord({ batch: 32, samplesMs: around(2000, 10) })].map((record) => toCellView({ record, source: 'r', path: '' }));
    expect(summarizeCells(cells).workloads.map((w) => [w.workload, w.batch, w.cells.length])).toEqual([
      ['resnet50', 1, 1],
      ['resnet50', 32, 1],
    ]);
  });
});
