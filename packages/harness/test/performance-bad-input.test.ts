/**
 * The runner's bad inputs: a batch whose tensors cannot be held (usage error naming the memory, not INTERNAL, no
 * partial record), --threads above the logical cores (a warning, in the record), the null backend (no GFLOP/s or
 * efficiency), and a --model file named a "user model".
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRecord, formatError } from '@modelbench/core';
import { BackendRegistry, type InferenceBackend, type LoadedModel, type TensorSpec } from '@modelbench/backends';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allocationError, assertBatchFits, batchInputBytes, isAllocationFailure } from '../src/feed-memory.ts';
import { threadWarnings } from '../src/session.ts';
import { runWorkloadCommand } from '../src/workload-main.ts';
import type { Workload } from '../src/workload.ts';
import { writeTinyModel } from './fake-workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-perf-bad-'));
const model = writeTinyModel(dir);
let stdout = '';


beforeEach(() => {
  stdout = '';

  vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((stdout += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

/** A backend whose model takes images [N,3,224,224] float32; each run answers a zero. */
function imageBackend(id: string, inputs: TensorSpec[]): InferenceBackend {
  return {
    id,
    description: 'test',
    runtime: 'test',
    runtimeVersion: '1',
    provider: 'none',
    probe: async () => ({ ok: true }),
    planPrecision: (precision) => ({ precision, execution: 'native', sessionConfig: {}, reason: 'test' }),
    async load(_m, options): Promise<LoadedModel> {
      return {
        inputs,
        outputs: [{ name: 'y', type: 'float32', shape: [1] }],
        precision: options.precision,
        sessionOptions: {},
        warnings: [],
        run: async () => ({ y: { type: 'float32', dims: [1], data: Float32Array.of(0) } }),
        endProfiling: async () => undefined,
        dispose: async () => undefined,
      };
    },
  };
}

const images: TensorSpec[] = [{ name: 'x', type: 'float32', shape: ['N', 3, 224, 224] }];
const prepared = { calls: 0 };
const workload: Workload<null, number, number, unknown> = {
  id: 'img',
  title: 'test',
  adapters: [{ name: 'only', signature: 'x', match: () => null, bind: () => null }],
  pipeline: () => ({ outputNames: ['y'], preprocess: () => ({ inputs: {}, context: null }), postprocess: () => 0 }),
  performance: {
    flags: {},
    defaultBatch: 1,
    async prepare({ batch }) {
      prepared.calls++;
      const data = new Float32Array(batch * 3 * 224 * 224);
      return { batchMode: 'tensor', callsPerIteration: 1, samplesPerCall: batch, feedsFor: () => ({ x: { type: 'float32', dims: [batch, 3, 224, 224], data } }), outputNames: ['y'], input: 'zeros' };
    },
  },
  validate: undefined as never,
};

describe('a batch whose tensors cannot be allocated', () => {
  it('counts the bytes of a batch from the signature (batch × fixed dims × bytes per element), or says it cannot', () => {
    // 3·224·224 = 150,528 floats of 4 bytes = 602,112 bytes a sample
    expect(batchInputBytes(images, 1)).toBe(602_112);
    expect(batchInputBytes(images, 1e9)).toBe(602_112e9);
    expect(batchInputBytes([{ name: 'ids', type: 'int64', shape: ['batch', 384] }, { name: 'mask', type: 'int64', shape: ['batch', 384] }], 64)).toBe(2 * 64 * 384 * 8);
    expect(batchInputBytes([{ name: 'images', type: 'float32', shape: [3, 'H', 'W'] }], 8)).toBeNull(); // no batch dimension
    expect(batchInputBytes([{ name: 'ids', type: 'int64', shape: ['batch', 'sequence'] }], 8)).toBeNull(); // size unknown
  });

  it('refuses a batch larger than the memory, naming what it needs and a batch that fits', () => {
    expect(() => assertBatchFits(1e9, 602_112e9, 16 * 2 ** 30)).toThrow(
      expect.objectContaining({ code: 'USAGE', exitCode: 2, message: '--batch 1000000000: one call\'s input tensors need 560760.5 GiB, more than this machine\'s 16.0 GiB of memory', hint: expect.stringContaining('14266 or fewer') }),
    );
    expect(() => assertBatchFits(32, 32 * 602_112, 16 * 2 ** 30)).not.toThrow();
  });

  it('maps V8 and onnxruntime allocation failures to a usage error, leaving other errors alone', () => {
    let v8: unknown;
    try {
      new Float32Array(2 ** 40);
    } catch (e) {
      v8 = e;
    }
    expect(isAllocationFailure(v8)).toBe(true);
    expect(isAllocationFailure(new Error('inference failed: [ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Failed to allocate memory for requested buffer of size 8589934592'))).toBe(true);
    const other = new Error('shape mismatch');
    expect(allocationError(other, 8, 100)).toBe(other);
    expect(allocationError(v8, 1e6, 602_112e6, 16 * 2 ** 30)).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/^--batch 1000000: one call's input tensors need 560\.8 GiB/) });
    expect(allocationError(new Error('Failed to allocate memory'), 512, 2 ** 30, 16 * 2 ** 30)).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/^--batch 512: memory ran out \(the inputs alone are 1\.0 GiB/) });
  });

  it('performance --batch 1e9 exits 2 with one line naming the memory, before preparing anything, and writes no record', async () => {
    const json = join(dir, 'huge.json');
    prepared.calls = 0;
    const error = await runWorkloadCommand(workload, ['performance', '--model', model, '--backend', 'img', '--batch', '1e9', '--no-calibration', '--json', json], new BackendRegistry([imageBackend('img', images)])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(prepared.calls).toBe(0);
    expect(formatError(error)).toMatch(/^error \[USAGE\]: --batch 1000000000: one call's input tensors need 560760\.5 GiB, more than this machine's [\d.]+ GiB of memory\n {2}fix: pass a smaller --batch \(\d+ or fewer fits the inputs in half the memory\)$/);
    expect(stdout).not.toMatch(/\[TARGET\]/);
    if (existsSync(json)) expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ status: 'error', error: { code: 'USAGE' } });
  });
});

describe('--threads above the logical cores', () => {
  it('warns, naming the cores and the fix', () => {
    expect(threadWarnings({ threads: 4 }, 4)).toEqual([]);
    expect(threadWarnings({}, 4)).toEqual([]);
    expect(threadWarnings({ threads: 5 }, 4)).toEqual([expect.stringMatching(/^--threads 5 is more than this machine's 4 logical cores: .*\(pass --threads 4 or fewer\)$/)]);
  });

  it('the warning is printed and in the record', async () => {
    const json = join(dir, 'threads.json');
    const threads = cpus().length + 3;
    const code = await runWorkloadCommand(workload, ['performance', '--model', model, '--backend', 'img', '--threads', String(threads), '--iterations', '1', '--no-calibration', '--json', json], new BackendRegistry([imageBackend('img', images)]));
    expect(code).toBe(0);
    expect(stdout).toContain(`warning: --threads ${threads} is more than this machine's ${cpus().length} logical cores`);
    const rec = JSON.parse(readFileSync(json, 'utf8'));
    expect((Array.isArray(rec) ? rec[0] : rec).warnings).toContainEqual(expect.stringContaining(`--threads ${threads} is more than`));
  });
});

describe('the null backend', () => {
  const parts = {
    mode: 'performance' as const,
    workload: 'img',
    startedAt: new Date(0),
    model: { source: 'file' as const, id: 'm', path: '/m', sha256: '0'.repeat(64), sizeBytes: 1, parameters: 1, macsPerSample: 1e9, adapter: 'only' },
    config: null,
    samplesMs: [100, 100, 100],
    calibratedPeakGflopsPerSecond: 200,
  };
  const backend = (id: string) => ({ id, runtime: 'r', runtimeVersion: '1', provider: 'p', precision: 'fp32' as const, execution: 'native' as const, sessionOptions: {} });

  it('records no GFLOP/s or efficiency; a computing backend does (2 · 1 GMAC / 0.1 s = 20 GFLOP/s, 10 % of 200)', () => {
    const computing = buildRecord({ ...parts, backend: backend('ort-cpu') });
    expect(computing.gflopsPerSecond).toBeCloseTo(20, 9);
    expect(computing.efficiency).toBeCloseTo(0.1, 9);
    const none = buildRecord({ ...parts, backend: backend('null') });
    expect(none.gflopsPerSecond).toBeNull();
    expect(none.efficiency).toBeNull();
    expect(none.throughputSamplesPerSecond).toBeCloseTo(10, 9);
  });
});
