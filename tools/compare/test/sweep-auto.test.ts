/** `compare:matrix --instances 1,2,auto`: an `auto` cell lets the child choose (saved tune result, else the cores
 * rule) and the sweep table shows what it chose and why, from the child's scenario.settings. */
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@modelbench/core';
import { sweepCellFileName, sweepCellLabel } from '../src/cell.ts';
import { matrixCellTag } from '../src/cell-record.ts';
import { toCellView, labelParts } from '../src/cell-view.ts';
import { instanceChoices } from '../src/matrix-cli.ts';
import { planMatrix, type BackendFacts, type MatrixSelection } from '../src/matrix-plan.ts';
import { instancesRun } from '../src/matrix.ts';
import { buildReport } from '../src/report.ts';
import { cellArguments } from '../src/run-cell.ts';
import { sweepWorkloads } from '../src/sweep.ts';
import { scalingRows } from '../src/sweep-tables.ts';
import { even, scenarioRecord } from './sweep-records.ts';

const cpu: BackendFacts = {
  id: 'ort-cpu', available: true, unavailableReason: null, runtime: 'onnxruntime-node', runtimeVersion: '1.30.0', provider: 'cpu',
  precision: { fp32: { ok: true, execution: 'native', reason: 'fp32' }, bf16: { ok: false, reason: 'no bf16' } },
};
const sel = (over: Partial<MatrixSelection> = {}): MatrixSelection => ({
  workloads: ['resnet50'], backends: ['ort-cpu'], precisions: ['fp32'], threads: [1, 2], includeEmulated: false,
  scenarios: ['offline'], instances: [2, 'auto'], physicalCores: 2, ...over,
});

describe('--instances auto in the sweep plan', () => {
  it('reads counts and auto from the flag, each once, and refuses anything else', () => {
    expect(instanceChoices(['1', '2', 'auto'])).toEqual([1, 2, 'auto']);
    expect(instanceChoices(['auto', '2', 'auto', '2'])).toEqual([2, 'auto']);
    expect(() => instanceChoices(['1', 'best'])).toThrow(/--instances takes positive whole numbers or auto, got 'best'/);
  });

  it('plans an auto cell per thread count, named __iauto, with no cores warning (the child chooses its instances)', () => {
    const cells = planMatrix(sel(), new Map([[cpu.id, cpu]]));
    expect(cells.map((c) => sweepCellFileName(c.spec))).toEqual([
      'resnet50__ort-cpu__fp32__t1__offline__i2.json',
      'resnet50__ort-cpu__fp32__t1__offline__iauto.json',
      'resnet50__ort-cpu__fp32__t2__offline__i2.json',
      'resnet50__ort-cpu__fp32__t2__offline__iauto.json',
    ]);
    expect(sweepCellLabel(cells[3]!.spec)).toBe('resnet50 ort-cpu fp32 2t offline ×auto');
    // 2 × 2 on 2 cores is warned about; the auto cells are not (their instances are the child's choice)
    expect(cells.map((c) => c.action === 'run' && c.warning !== undefined)).toEqual([false, false, true, false]);
    expect(matrixCellTag(cells[1]!.spec, null, null).instances).toBe('auto');
  });

  it('passes --instances auto to the child', () => {
    const args = cellArguments({
      spec: { workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 1, scenario: 'offline', instances: 'auto' },
      batch: null, iterations: null, warmup: null, profileDir: null, recordPath: '/r/x.json',
    });
    expect(args).toEqual(['--backend', 'ort-cpu', '--threads', '1', '--scenario', 'offline', '--instances', 'auto', '--json', '/r/x.json', '--quiet']);
  });
});

/** An offline record as the child writes it, tagged as the matrix tags it, with the origin its settings name. */
function offline(instances: number, threads: number, samples: number, asked: number | 'auto', origin: string): RunRecord {
  const r = scenarioRecord({ scenario: 'offline', instances, threads, samples, durationMs: 2000, sampleDoneMs: even(samples, 2000) }) as RunRecord & {
    scenario: { settings: Record<string, unknown> };
  };
  r.scenario.settings.instancesOrigin = origin;
  r.config!.extra = { ...r.config!.extra, matrixCell: { workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads, scenario: 'offline', instances: asked, batch: null, iterations: null } };
  return r;
}

describe('an auto cell in the report', () => {
  const records = [
    offline(1, 1, 20, 1, '--instances'),
    offline(2, 1, 38, 'auto', 'cores rule (physical cores / threads)'),
    offline(1, 2, 36, 'auto', 'measured by tune 2026-12-06 (offline best: 1 × 2 threads, batch 1; /cache/tuning/resnet50.json)'),
  ];
  const loaded = records.map((record, i) => ({ record, source: 'sweep', path: `/results/sweep/${i}.json` }));

  it('counts the instances the child chose, for the peak and for cores used', () => {
    expect(instancesRun('auto', records[1]!)).toBe(2);
    expect(instancesRun(3, records[1]!)).toBe(3);
    const view = toCellView(loaded[1]!);
    expect([view.instances, view.threads, view.coresUsed]).toEqual([2, 1, 2]);
  });

  it('shows each auto cell\'s instances × threads and where they came from; a given count shows none', () => {
    const cells = loaded.map(toCellView);
    const [w] = sweepWorkloads(cells, labelParts(cells));
    const rows = scalingRows(w!.scaling[0]!);
    // worked: 20, 36 and 38 samples over 2 s = 10, 18, 19 samples/s; speedup over 1 × 1 and efficiency per core
    expect(rows.map((r) => r.slice(0, 3).concat(r.slice(4, 6)))).toEqual([
      ['1 × 1', '1', '10.00', '1.00×', '100.0 %'],
      ['1 × 2 (auto: measured by tune 2026-12-06 (offline best: 1 × 2 threads, batch 1; /cache/tuning/resnet50.json))', '2', '18.00', '1.80×', '90.0 %'],
      ['2 × 1 (auto: cores rule (physical cores / threads))', '2', '19.00', '1.90×', '95.0 %'],
    ]);
    const report = buildReport(loaded, new Date('2026-12-06T22:00:00Z'));
    expect(report.markdown).toContain('| 2 × 1 (auto: cores rule (physical cores / threads)) | 2 | 19.00 |');
    expect(report.markdown).toContain('A cell run with --instances auto shows the instances × threads its child chose');
  });
});
