import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepCellFileName, sweepCellLabel } from '../src/cell.ts';
import { checkSelection, planMatrix, type BackendFacts, type MatrixSelection } from '../src/matrix-plan.ts';
import { checkResumable, cellPath, writeManifest } from '../src/results-folder.ts';
import { cellArguments } from '../src/run-cell.ts';
import { MATRIX_INSTANCES_NOTE, withMatrixPeak } from '../src/calibration.ts';
import { makeRecord } from './records.ts';
import { runRecordProblems } from '@modelbench/core';
import { cellRecord } from '../src/cell-record.ts';
import { toCellView } from '../src/cell-view.ts';

const cpu: BackendFacts = {
  id: 'ort-cpu',
  available: true,
  unavailableReason: null,
  runtime: 'onnxruntime-node',
  runtimeVersion: '1.30.0',
  provider: 'cpu',
  precision: { fp32: { ok: true, execution: 'native', reason: 'fp32' }, bf16: { ok: true, execution: 'emulated', reason: 'no bf16 instructions' } },
};
const facts = new Map([[cpu.id, cpu]]);
const sel = (over: Partial<MatrixSelection> = {}): MatrixSelection => ({
  workloads: ['resnet50'],
  backends: ['ort-cpu'],
  precisions: ['fp32'],
  threads: [1, 2],
  includeEmulated: false,
  scenarios: ['single-stream', 'offline', 'server'],
  instances: [1, 2],
  physicalCores: 2,
  ...over,
});

describe('a scaling sweep plan', () => {
  it('is the product scenario × threads × instances, each cell named by its scenario and instances', () => {
    const cells = planMatrix(sel(), facts);
    expect(cells).toHaveLength(3 * 2 * 2);
    expect(cells.slice(0, 4).map((c) => sweepCellFileName(c.spec))).toEqual([
      'resnet50__ort-cpu__fp32__t1__single-stream__i1.json',
      'resnet50__ort-cpu__fp32__t1__single-stream__i2.json',
      'resnet50__ort-cpu__fp32__t2__single-stream__i1.json',
      'resnet50__ort-cpu__fp32__t2__single-stream__i2.json',
    ]);
    expect(sweepCellLabel(cells[11]!.spec)).toBe('resnet50 ort-cpu fp32 2t server ×2');
  });

  it('runs a cell above the physical cores (2 × 2 on 2) with a warning, and only that one', () => {
    const cells = planMatrix(sel({ scenarios: ['offline'] }), facts);
    const warned = cells.filter((c) => c.action === 'run' && c.warning);
    expect(warned.map((c) => sweepCellLabel(c.spec))).toEqual(['resnet50 ort-cpu fp32 2t offline ×2']);
    expect(warned[0]!.action === 'run' && warned[0]!.warning).toMatch(/2 instance\(s\) × 2 threads = 4 cores on 2 physical cores/);
    expect(cells.every((c) => c.action === 'run')).toBe(true);
  });

  it('gives the plain loop (scenario null) one cell per thread count, named as before sweeps', () => {
    const cells = planMatrix(sel({ scenarios: [null, 'offline'], threads: [2] }), facts);
    expect(cells.map((c) => sweepCellFileName(c.spec))).toEqual([
      'resnet50__ort-cpu__fp32__t2.json',
      'resnet50__ort-cpu__fp32__t2__offline__i1.json',
      'resnet50__ort-cpu__fp32__t2__offline__i2.json',
    ]);
    expect(cellPath('/r', { workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 2 })).toBe('/r/resnet50__ort-cpu__fp32__t2.json');
  });

  it('refuses --instances without a load scenario', () => {
    expect(() => checkSelection(sel({ scenarios: [null] }), ['resnet50'], ['ort-cpu'])).toThrow(/--instances needs a load scenario/);
    expect(() => checkSelection(sel(), ['resnet50'], ['ort-cpu'])).not.toThrow();
  });
});

describe('a scenario cell\'s command line', () => {
  const flags = { targetQps: 20, latencyBoundMs: 50, findPeak: true, minDurationSeconds: 1, minQueries: 32 };
  it('passes --scenario, --instances and the scenario flags, not the plain loop\'s --iterations/--warmup/--profiling', () => {
    const args = cellArguments({
      spec: { workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 1, scenario: 'server', instances: 2 },
      batch: null, iterations: 5, warmup: 1, profileDir: '/p', recordPath: '/r/x.json', matrixCalibration: true, scenarioFlags: flags,
    });
    expect(args).toEqual([
      '--backend', 'ort-cpu', '--threads', '1', '--scenario', 'server', '--instances', '2',
      '--target-qps', '20', '--latency-bound-ms', '50', '--find-peak', '--min-duration', '1', '--min-queries', '32',
      '--no-calibration', '--json', '/r/x.json', '--quiet',
    ]);
    // loadgen refuses the server's flags in other scenarios: an offline cell gets only the minima
    const offline = cellArguments({
      spec: { workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 1, scenario: 'offline', instances: 1 },
      batch: null, iterations: null, warmup: null, profileDir: null, recordPath: '/r/x.json', scenarioFlags: flags,
    });
    expect(offline).toEqual(['--backend', 'ort-cpu', '--threads', '1', '--scenario', 'offline', '--instances', '1', '--min-duration', '1', '--min-queries', '32', '--json', '/r/x.json', '--quiet']);
  });

  it('keeps the scenario flags in the folder\'s settings: resuming with others is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-resume-'));
    const settings = { batch: null, iterations: null, warmup: null, profiling: false, scenario: flags };
    writeManifest(dir, settings);
    checkResumable(dir, settings, false);
    expect(() => checkResumable(dir, { ...settings, scenario: { ...flags, targetQps: 40 } }, false)).toThrow(/--target-qps 20 .* asks for .* --target-qps 40/);
  });
});

describe('the GEMM peak of a scenario cell', () => {
  it('is the thread count\'s shared peak times the instances: 2 sessions of T threads at 160 GFLOP/s over 2 × 100', () => {
    const r = makeRecord({});
    const out = withMatrixPeak({ ...r, gflopsPerSecond: 160 }, 100, 2);
    expect(out).toMatchObject({ calibratedPeakGflopsPerSecond: 200, efficiency: 0.8 });
    expect(out.config!.extra['calibration']).toBe(MATRIX_INSTANCES_NOTE);
  });
});

describe('a scenario cell that never ran', () => {
  it('keeps its scenario and instances in the tag, so the report names it; a plain cell\'s tag is as before', () => {
    const failed = cellRecord({ workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 2, scenario: 'offline', instances: 2 }, { batch: null, iterations: null }, cpu, 'native', {
      status: 'error',
      error: { code: 'CELL_TIMEOUT', message: 'performance did not finish within 60 s and was stopped' },
    });
    expect(runRecordProblems(failed)).toEqual([]);
    expect(failed.config!.extra['matrixCell']).toEqual({ workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 2, scenario: 'offline', instances: 2, batch: null, iterations: null });
    const view = toCellView({ record: failed, source: 'r', path: '' });
    expect([view.scenario, view.instances, view.coresUsed]).toEqual(['offline', 2, 4]);
    const plain = cellRecord({ workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 2, scenario: null, instances: null }, { batch: 1, iterations: 3 }, cpu, 'native', {
      status: 'skipped', code: 'EMULATED_ONLY', reason: 'x',
    });
    expect(plain.config!.extra['matrixCell']).toEqual({ workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 2, batch: 1, iterations: 3 });
  });
});

describe('sweep flags on the command line', () => {
  it('suggests for --target-qps only the scenario that accepts it (server), and asks server cells for a rate', async () => {
    const { checkScenarioFlags } = await import('../src/matrix-cli.ts');
    expect(() => checkScenarioFlags({ 'target-qps': 5 }, ['offline', null])).toThrow(
      expect.objectContaining({ message: 'matrix: --target-qps is for server cells, and --scenarios has none', hint: 'add server to --scenarios (e.g. --scenarios offline,server), or drop --target-qps' }),
    );
    expect(() => checkScenarioFlags({ 'find-peak': true }, ['single-stream'])).toThrow(expect.objectContaining({ message: 'matrix: --find-peak is for server cells, and --scenarios has none' }));
    expect(() => checkScenarioFlags({ 'min-duration': 2 }, [null])).toThrow(expect.objectContaining({ message: 'matrix: --min-duration is for scenario cells' }));
    expect(() => checkScenarioFlags({}, ['server'])).toThrow(expect.objectContaining({ message: 'matrix: server cells need an arrival rate', hint: 'give --target-qps QPS, or --find-peak to search it' }));
    expect(() => checkScenarioFlags({ 'target-qps': 5, 'min-duration': 2 }, ['offline', 'server'])).not.toThrow();
  });

  it('refuses an --out that is a file (or lies under one) with one line and the fix, not EEXIST', async () => {
    const { checkOutFolder } = await import('../src/matrix-cli.ts');
    const dir = mkdtempSync(join(tmpdir(), 'matrix-out-'));
    const file = join(dir, 'report.md');
    writeFileSync(file, 'x');
    const fix = 'give --out a folder path (it is created if missing; an existing results folder resumes)';
    expect(() => checkOutFolder(file, 'report.md')).toThrow(expect.objectContaining({ code: 'USAGE', message: 'matrix: --out report.md is a file, not a folder', hint: fix }));
    expect(() => checkOutFolder(join(file, 'r1'), 'report.md/r1')).toThrow(expect.objectContaining({ message: `matrix: --out report.md/r1 lies under ${file}, which is a file` }));
    expect(() => checkOutFolder(join(dir, 'new', 'r1'), undefined)).not.toThrow();
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });

  it('refuses an unknown scenario and a server flag without a scenario, naming the fix (USAGE, exit 2)', async () => {
    const { matrixMain } = await import('../src/matrix-cli.ts');
    await expect(matrixMain(['--backends', 'ort-cpu', '--workloads', 'resnet50', '--scenarios', 'offline,burst'])).rejects.toMatchObject({
      code: 'USAGE',
      message: "matrix: unknown scenario 'burst' in --scenarios",
      hint: 'valid scenarios: single-stream, multi-stream, offline, server, plain',
    });
    await expect(matrixMain(['--backends', 'ort-cpu', '--workloads', 'resnet50', '--target-qps', '5'])).rejects.toMatchObject({
      code: 'USAGE',
      message: 'matrix: --target-qps is for server cells, and --scenarios has none',
      hint: 'add server to --scenarios (e.g. --scenarios server), or drop --target-qps',
    });
    await expect(matrixMain(['--backends', 'ort-cpu', '--workloads', 'resnet50', '--scenarios', 'offline', '--instances', '0'])).rejects.toMatchObject({ code: 'USAGE', message: "--instances takes positive whole numbers or auto, got '0'" });
  });
});
