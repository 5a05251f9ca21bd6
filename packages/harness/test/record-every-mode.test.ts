/**
 * Issue 19 #6: every `--json`, in every mode and outcome, is ONE status-keyed RunRecord that the committed schema file
 * (packages/core/schema/run-record.schema.json) accepts — performance, validate (PASS and FAIL), accuracy (PASS and
 * FAIL, scored from its files) and a run that fails — each checked by a plain Ajv 2020 that knows nothing of TypeBox.
 * The workload is the test double of fake-workload.ts (its model doubles its input; bf16 adds `drift`), plus a tiny
 * ImageNet-style accuracy set whose labels the double classifies exactly: worked values, 3 of 3 right.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { imagenetDatasetIdentity, imagenetPrediction, loadImagenetDataset } from '@modelbench/accuracy';
import { captureEnvironment, type RunRecord } from '@modelbench/core';
import type { AccuracyDefinition } from '../src/accuracy-definition.ts';
import { runWorkloadCommand } from '../src/workload-main.ts';
import { fakeRegistry, fakeWorkload, settings, writeTinyModel } from './fake-workload.ts';

const SCHEMA_FILE = resolve(import.meta.dirname, '../../core/schema/run-record.schema.json');
const dir = mkdtempSync(join(tmpdir(), 'mb-record-modes-'));
const model = writeTinyModel(dir);

/** A folder of 3 (empty) images with val_map.txt: labels 3, 1, 4. */
const data = join(dir, 'imagenet');
mkdirSync(data);
const LABELS = [3, 1, 4];
LABELS.forEach((_, i) => writeFileSync(join(data, `img${i}.jpg`), ''));
writeFileSync(join(data, 'val_map.txt'), LABELS.map((l, i) => `img${i}.jpg ${l}\n`).join(''));

/** The double's sample is its label x; the workload's own pipeline feeds it and reads y = 2x (+ drift in bf16): class round(y / 2) = x. */
const fakeAccuracy: AccuracyDefinition<{ input: string }, number, number, { file: string }> = {
  flags: {},
  task: 'imagenet',
  async loadDataset({ dataset }) {
    const ds = loadImagenetDataset(dataset!, { classes: 10 });
    return { identity: imagenetDatasetIdentity(ds, dataset!), count: ds.samples.length, keyAt: (i) => ds.samples[i]!.file, load: async (i) => ({ sample: ds.samples[i]!.label, meta: { file: ds.samples[i]!.file } }) };
  },
  // no `run`: each item's prediction is the workload's pipeline on its sample, as validate's
  toPrediction: (y, { meta }) => imagenetPrediction(meta.file, Array.from({ length: 10 }, (_, c) => (c === Math.round(y / 2) ? 1 : -c / 10))),
  manifestFlags: () => ({}),
};
const workload = { ...fakeWorkload, accuracy: fakeAccuracy };

function schemaValidator(): ((v: unknown) => boolean) & { errors?: unknown } {
  const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  (((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (a: unknown) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
}
const validate = schemaValidator();

/** The file holds one record (not an array) that the schema file accepts. */
function oneValidRecord(path: string): RunRecord {
  const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  expect(Array.isArray(value)).toBe(false);
  const ok = validate(value);
  expect(validate.errors ?? null, `${path} against the schema`).toBeNull();
  expect(ok).toBe(true);
  return value as RunRecord;
}

beforeEach(() => {
  settings.drift = 0;
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const run = (args: string[]): Promise<number> => runWorkloadCommand(workload, [...args, '--model', model, '--backend', 'fake'], fakeRegistry());

describe('--json in every mode is one RunRecord the schema file accepts', () => {
  it('performance (the plain timed loop)', async () => {
    const json = join(dir, 'performance.json');
    expect(await run(['performance', '--warmup', '0', '--iterations', '2', '--no-calibration', '--json', json])).toBe(0);
    const r = oneValidRecord(json);
    expect(r).toMatchObject({ status: 'ok', mode: 'performance', workload: 'fake', error: null });
    expect(r.samplesMs).toHaveLength(2);
  });

  it('validate within the thresholds: both sides, the checks and PASS in its validate section', async () => {
    settings.drift = 0.0625; // exact in float32
    const json = join(dir, 'validate-pass.json');
    expect(await run(['validate', '--bf16', '--out-dir', join(dir, 'v-pass'), '--json', json])).toBe(0);
    const r = oneValidRecord(json);
    expect(r).toMatchObject({ status: 'ok', mode: 'validate', backend: { precision: 'bf16' } });
    expect(r.validate).toMatchObject({
      compared: 'fp32 vs bf16 (emulated)',
      samples: 3,
      sut: { host: 'in-process', instances: 1, threadsPerInstance: captureEnvironment().cpu.physicalCores }, // no --threads: the physical cores
      reference: { backend: { precision: 'fp32' }, model: { adapter: 'only' }, profile: null },
      candidate: { backend: { precision: 'bf16', execution: 'emulated' } },
      agreement: { candidate: 'bf16 (emulated)', passed: true, checks: [{ metric: 'max |Δy|', value: 0.0625, threshold: 0.1, direction: 'max', passed: true }], details: { diffs: [0.0625, 0.0625, 0.0625] } },
      verdict: 'PASS',
      failures: [],
    });
  });

  it('validate outside the thresholds: exit 1, FAIL and what failed', async () => {
    settings.drift = 0.5;
    const json = join(dir, 'validate-fail.json');
    expect(await run(['validate', '--bf16', '--out-dir', join(dir, 'v-fail'), '--json', json])).toBe(1);
    const r = oneValidRecord(json);
    expect(r.validate).toMatchObject({ verdict: 'FAIL', failures: ['max |Δy| 0.5000 (need ≤ 0.1)'], agreement: { passed: false } });
    expect(r.warnings).toContain('max |Δy| 0.5000 (need ≤ 0.1)');
  });

  it('accuracy: both precisions scored from their files (3 of 3 right), the 99 % rule, PASS', async () => {
    const json = join(dir, 'accuracy-pass.json');
    const out = join(dir, 'acc-pass');
    expect(await run(['accuracy', '--dataset', data, '--bf16', '--out-dir', out, '--json', json])).toBe(0);
    const r = oneValidRecord(json);
    expect(r).toMatchObject({ status: 'ok', mode: 'accuracy', workload: 'fake', backend: { precision: 'bf16' }, model: { adapter: 'only' } });
    expect(r.accuracy).toMatchObject({
      task: 'imagenet',
      subset: { offset: 0, limit: null, count: 3 },
      candidateLabel: 'bf16 (emulated)',
      resumed: 0,
      outDir: out,
      sut: { host: 'in-process', instances: 1 }, // the fake backend is only this registry's: the same SUT, in this thread
      reference: { precision: 'fp32', count: 3, metrics: { 'top-1': 100, 'top-5': 100 }, backend: { precision: 'fp32' } },
      candidate: { precision: 'bf16', precisionMode: 'emulated', count: 3, metrics: { 'top-1': 100 } },
      ruleMetrics: ['top-1'],
      rules: [{ metric: 'top-1', reference: 100, candidate: 100, fraction: 0.99, required: 99, pass: true, comparable: true }],
      verdict: 'PASS',
    });
  });

  it('accuracy below 99 % of fp32: exit 1, FAIL (bf16 reads every class one too high: top-1 0 %)', async () => {
    settings.drift = 2;
    const json = join(dir, 'accuracy-fail.json');
    expect(await run(['accuracy', '--dataset', data, '--bf16', '--out-dir', join(dir, 'acc-fail'), '--json', json])).toBe(1);
    const r = oneValidRecord(json);
    expect(r.accuracy).toMatchObject({ verdict: 'FAIL', rules: [{ metric: 'top-1', reference: 100, candidate: 0, pass: false }], changes: { kind: 'imagenet-top1', count: 3 } });
  });

  it('a run that fails after its flags parsed: one error record, in any mode', async () => {
    for (const mode of ['performance', 'validate', 'accuracy']) {
      const json = join(dir, `error-${mode}.json`);
      const args = [mode, '--json', json, ...(mode === 'accuracy' ? ['--dataset', join(dir, 'no-such-set'), '--out-dir', join(dir, 'e-acc')] : [])];
      await expect(runWorkloadCommand(workload, [...args, '--model', join(dir, 'missing.onnx'), '--backend', 'fake'], fakeRegistry())).rejects.toMatchObject({
        code: mode === 'accuracy' ? 'BAD_INPUT' : 'MODEL_NOT_FOUND',
      });
      expect(oneValidRecord(json)).toMatchObject({ status: 'error', mode, workload: 'fake', error: { code: mode === 'accuracy' ? 'BAD_INPUT' : 'MODEL_NOT_FOUND' } });
    }
  });
});
