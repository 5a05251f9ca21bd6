import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRecordProblems } from '@modelbench/core';
import { describe, expect, it } from 'vitest';
import { cellFileName } from '../src/cell.ts';
import { cellRecord } from '../src/cell-record.ts';
import { checkSelection, planMatrix, type BackendFacts, type MatrixSelection } from '../src/matrix-plan.ts';
import { checkResumable, isFinished, writeManifest } from '../src/results-folder.ts';
import { cudaFacts } from './scenario.ts';
import { makeRecord } from './records.ts';

const cpu: BackendFacts = {
  id: 'ort-cpu',
  available: true,
  unavailableReason: null,
  runtime: 'onnxruntime-node',
  runtimeVersion: '1.30.0',
  provider: 'cpu',
  precision: { fp32: { ok: true, execution: 'native', reason: 'fp32' }, bf16: { ok: true, execution: 'emulated', reason: 'this x64 CPU has no bf16 instructions' } },
};
const arm: BackendFacts = { ...cpu, id: 'ort-arm', precision: { ...cpu.precision, bf16: { ok: true, execution: 'native', reason: 'bf16 extension' } } };
const nobf16: BackendFacts = { ...cpu, id: 'ort-x', precision: { ...cpu.precision, bf16: { ok: false, reason: "backend 'ort-x' cannot run bf16" } } };
const facts = new Map([cpu, arm, nobf16, cudaFacts].map((f) => [f.id, f]));
const sel = (over: Partial<MatrixSelection> = {}): MatrixSelection => ({
  workloads: ['resnet50', 'ssd'],
  backends: ['ort-cpu', 'ort-arm', 'ort-x', 'ort-cuda'],
  precisions: ['fp32', 'bf16'],
  threads: [1, 2],
  includeEmulated: false,
  ...over,
});

describe('planMatrix', () => {
  it('plans every workload × backend × precision × threads, in that order', () => {
    const cells = planMatrix(sel(), facts);
    expect(cells).toHaveLength(2 * 4 * 2 * 2);
    expect(cells.slice(0, 3).map((c) => cellFileName(c.spec))).toEqual([
      'resnet50__ort-cpu__fp32__t1.json',
      'resnet50__ort-cpu__fp32__t2.json',
      'resnet50__ort-cpu__bf16__t1.json',
    ]);
  });

  it('skips, with the reason, unavailable backends, emulated-only bf16 and bf16 a backend cannot do', () => {
    const cells = planMatrix(sel({ workloads: ['resnet50'], threads: [2] }), facts);
    const what = cells.map((c) => `${c.spec.backend} ${c.spec.precision}: ${c.action === 'run' ? `run ${c.execution}` : c.code}`);
    expect(what).toEqual([
      'ort-cpu fp32: run native',
      'ort-cpu bf16: EMULATED_ONLY',
      'ort-arm fp32: run native',
      'ort-arm bf16: run native',
      'ort-x fp32: run native',
      'ort-x bf16: UNSUPPORTED_PRECISION',
      'ort-cuda fp32: BACKEND_UNAVAILABLE',
      'ort-cuda bf16: BACKEND_UNAVAILABLE',
    ]);
    const emulated = cells[1]!;
    expect(emulated.action === 'skip' && emulated.reason).toMatch(/only emulated on ort-cpu .* --include-emulated/);
    const withEmulated = planMatrix(sel({ workloads: ['resnet50'], threads: [2], includeEmulated: true }), facts);
    expect(withEmulated[1]).toMatchObject({ action: 'run', execution: 'emulated' });
  });

  it('rejects unknown names with the valid ones', () => {
    expect(() => checkSelection(sel({ workloads: ['resnet'] }), ['resnet50', 'ssd'], [...facts.keys()])).toThrow(/unknown workload 'resnet' in --workloads/);
    expect(() => checkSelection(sel({ backends: ['cuda'] }), ['resnet50', 'ssd'], [...facts.keys()])).toThrow(/unknown backend 'cuda'/);
    expect(() => checkSelection(sel({ precisions: ['fp16' as 'fp32'] }), ['resnet50', 'ssd'], [...facts.keys()])).toThrow(/unknown precision 'fp16'/);
    expect(() => checkSelection(sel({ workloads: [] }), [], [...facts.keys()])).toThrow(/no workload chosen/);
  });
});

describe('records the matrix writes itself', () => {
  it('are valid run records that keep the cell and the reason', () => {
    const skipped = cellRecord({ workload: 'ssd', backend: 'ort-cuda', precision: 'bf16', threads: 2 }, { batch: null, iterations: 3 }, cudaFacts, 'emulated', {
      status: 'skipped',
      code: 'BACKEND_UNAVAILABLE',
      reason: 'backend ort-cuda is unavailable here',
    });
    expect(runRecordProblems(skipped)).toEqual([]);
    expect(skipped).toMatchObject({ status: 'skipped', latency: null, error: { code: 'BACKEND_UNAVAILABLE' }, backend: { id: 'ort-cuda', precision: 'bf16', execution: 'emulated' } });
    expect(skipped.config!.extra['matrixCell']).toEqual({ workload: 'ssd', backend: 'ort-cuda', precision: 'bf16', threads: 2, batch: null, iterations: 3 });
    const failed = cellRecord({ workload: 'ssd', backend: 'ort-x', precision: 'bf16', threads: 1 }, { batch: 4, iterations: null }, undefined, null, {
      status: 'error',
      error: { code: 'MODEL_INVALID', message: 'bad model', hint: 'fix it' },
    });
    expect(runRecordProblems(failed)).toEqual([]);
    expect(failed.backend).toBeNull();
  });
});

describe('resuming a results folder', () => {
  it('keeps measured and failed cells (failed ones only without --rerun-errors) and decides skipped ones again', () => {
    expect(isFinished(makeRecord(), false)).toBe(true);
    expect(isFinished(makeRecord({ status: 'error', error: { code: 'X', message: 'y' } }), false)).toBe(true);
    expect(isFinished(makeRecord({ status: 'error', error: { code: 'X', message: 'y' } }), true)).toBe(false);
    expect(isFinished(makeRecord({ status: 'skipped', error: { code: 'EMULATED_ONLY', message: 'y' } }), false)).toBe(false);
    expect(isFinished(null, false)).toBe(false);
  });

  it('refuses to mix cells measured with other settings unless --rerun', () => {
    const dir = mkdtempSync(join(tmpdir(), 'resume-'));
    const settings = { batch: 1, iterations: 3, warmup: null, profiling: false };
    checkResumable(dir, settings, false); // a new folder
    writeManifest(dir, settings);
    checkResumable(dir, settings, false);
    expect(() => checkResumable(dir, { ...settings, iterations: 5 }, false)).toThrow(/holds cells measured with --batch 1 --iterations 3 .* asks for --batch 1 --iterations 5/);
    checkResumable(dir, { ...settings, iterations: 5 }, true);
  });
});
