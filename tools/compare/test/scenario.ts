/** A hand-made matrix used by the report tests: three workloads, one of them too noisy to rank, plus skipped/failed cells. */
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import { cellRecord } from '../src/cell-record.ts';
import type { LoadedRecord } from '../src/load-records.ts';
import type { BackendFacts } from '../src/matrix-plan.ts';
import { around, makeRecord } from './records.ts';

export const cudaFacts: BackendFacts = {
  id: 'ort-cuda',
  available: false,
  unavailableReason: 'Failed to load shared library',
  runtime: 'onnxruntime-node',
  runtimeVersion: '1.30.0',
  provider: 'cuda',
  precision: { fp32: { ok: true, execution: 'native', reason: 'fp32' }, bf16: { ok: true, execution: 'emulated', reason: 'no bf16 here' } },
};

export function scenarioRecords(): RunRecord[] {
  const records = [
    makeRecord({ backend: 'ort-cpu', precision: 'fp32', samplesMs: around(100, 2) }),
    makeRecord({ backend: 'ort-wasm', precision: 'fp32', samplesMs: around(150, 3) }),
    makeRecord({ backend: 'ort-cpu', precision: 'bf16', execution: 'emulated', samplesMs: around(80, 1) }),
    makeRecord({ backend: 'ort-wasm', precision: 'bf16', execution: 'emulated', samplesMs: around(170, 2) }),
    cellRecord({ workload: 'resnet50', backend: 'ort-cuda', precision: 'fp32', threads: 2 }, { batch: 1, iterations: 9 }, cudaFacts, 'native', {
      status: 'skipped',
      code: 'BACKEND_UNAVAILABLE',
      reason: 'backend ort-cuda is unavailable here: Failed to load shared library',
    }),
    makeRecord({ workload: 'bert', backend: 'ort-cpu', samplesMs: around(50, 5), peakGflopsPerSecond: 400 }),
    makeRecord({ workload: 'bert', backend: 'ort-wasm', samplesMs: around(51, 5), peakGflopsPerSecond: 400 }),
    cellRecord({ workload: 'bert', backend: 'ort-wasm', precision: 'bf16', threads: 2 }, { batch: 1, iterations: 9 }, undefined, null, {
      status: 'error',
      error: { code: 'MODEL_INVALID', message: 'cannot load "bert.onnx", truncated' },
    }),
    makeRecord({ workload: 'ssd', backend: 'ort-cpu', precision: 'fp32', samplesMs: around(40, 0.5), peakGflopsPerSecond: 400 }),
    makeRecord({ workload: 'ssd', backend: 'ort-cpu', precision: 'bf16', execution: 'native', samplesMs: around(25, 0.5), peakGflopsPerSecond: 400 }),
  ].map((r) => ({ ...r, environment: makeRecord().environment })); // the matrix's own records carry this machine's
  for (const r of records) {
    const problems = runRecordProblems(r);
    if (problems.length) throw new Error(`hand-made record is invalid: ${problems.join('; ')}`);
  }
  return records;
}

export function scenario(source = 'run-1'): LoadedRecord[] {
  return scenarioRecords().map((record, i) => ({ record, source, path: `/results/${source}/${i}.json` }));
}
