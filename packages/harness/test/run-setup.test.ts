/**
 * The set-up every mode shares (run-setup.ts): plans made once per precision, the session bound to the workload's
 * adapter, and no session left open when binding, the mode's check or the candidate's session fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BackendRegistry, type InferenceBackend } from '@modelbench/backends';
import { BenchError } from '@modelbench/core';
import { openBound, openComparison, refuseArguments, setUpRun } from '../src/run-setup.ts';
import type { RunOptions } from '../src/run-options.ts';
import type { ModelAdapter } from '../src/workload.ts';
import { counts, fakeBackend, fakeWorkload, writeTinyModel } from './fake-workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-run-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = writeTinyModel(dir);

/** The fake backend, each session's dispose counted; bf16 sessions fail to open when `failBf16`. */
const opened = { open: 0, failBf16: false };
const backend: InferenceBackend = {
  ...fakeBackend,
  async load(artifact, options) {
    if (opened.failBf16 && options.precision.precision === 'bf16') throw new BenchError('MODEL_INVALID', 'bf16 session failed');
    const loaded = await fakeBackend.load(artifact, options);
    opened.open++;
    return { ...loaded, dispose: async () => void opened.open-- };
  },
};
const registry = (): BackendRegistry => new BackendRegistry([backend]);
const run: RunOptions = {
  session: { backendId: 'fake', graphOptimization: 'all', threads: 1, spinning: false },
  model: { modelPath: model, offline: false, allowUnpinned: false, synthetic: {} },
  precision: 'bf16',
};
const anyModel: ModelAdapter<{ input: string }> = { name: 'picky', signature: 'x -> y', match: () => null, bind: () => ({ input: 'x' }) };

beforeEach(() => {
  opened.open = 0;
  opened.failBf16 = false;
  counts.plans.length = 0;
});

describe('the shared set-up', () => {
  it('plans fp32 and the candidate once each, resolves the model, binds the adapter; the session is open until disposed', async () => {
    const setup = await setUpRun(fakeWorkload, run, registry(), { mode: 'validate', withReference: true, quiet: true });
    expect(setup.precision).toBe('bf16');
    expect(counts.plans).toEqual(['fp32', 'bf16']);
    expect(setup.model.info).toMatchObject({ source: 'file', path: model });
    const s = await openBound(setup, fakeWorkload, 'fp32');
    expect([s.adapter.name, s.bound, s.backendInfo.precision, opened.open]).toEqual(['only', { input: 'x' }, 'fp32', 1]);
    expect(s.spec.options).toMatchObject({ threads: 1, graphOptimizationLevel: 'all' });
    await s.loaded.dispose();
    expect(opened.open).toBe(0);
  });

  it("a failing check closes the session it opened; a candidate that cannot open closes fp32's", async () => {
    const setup = await setUpRun(fakeWorkload, run, registry(), { mode: 'validate', withReference: true, quiet: true });
    const check = (): void => {
      throw new BenchError('MODEL_SIGNATURE', 'does not fit');
    };
    await expect(openBound(setup, { adapters: [anyModel] }, 'fp32', { check })).rejects.toMatchObject({ message: 'does not fit' });
    expect(opened.open).toBe(0);
    opened.failBf16 = true;
    await expect(openComparison(setup, fakeWorkload, {})).rejects.toMatchObject({ message: 'bf16 session failed' });
    expect(opened.open).toBe(0);
    opened.failBf16 = false;
    const pair = await openComparison(setup, fakeWorkload, {});
    expect([pair.label.text, pair.reference.backendInfo.precision, pair.candidate.backendInfo.precision, opened.open]).toEqual(['bf16 (emulated)', 'fp32', 'bf16', 2]);
  });

  it("every session opens with the run's options: its threads and level, and --adapter's adapter (an unknown one named)", async () => {
    const setup = await setUpRun(fakeWorkload, { ...run, session: { ...run.session, threads: 3, graphOptimization: 'basic' }, adapterId: 'picky' }, registry(), { mode: 'tune', quiet: true });
    expect(setup.options.adapterId).toBe('picky');
    const s = await openBound(setup, { adapters: [fakeWorkload.adapters[0]!, anyModel] }, 'bf16');
    expect([s.adapter.name, s.spec.options.threads, s.spec.options.graphOptimizationLevel]).toEqual(['picky', 3, 'basic']);
    await s.loaded.dispose();
    await expect(openBound(setup, fakeWorkload, 'bf16')).rejects.toMatchObject({ code: 'USAGE', message: "unknown adapter 'picky'", hint: 'adapters: only' });
    expect(opened.open).toBe(0);
  });

  it('a stray argument is one USAGE line naming it', () => {
    expect(() => refuseArguments('fake', 'tune', ['extra'])).toThrow(expect.objectContaining({ code: 'USAGE', message: "fake tune: unexpected argument 'extra'", hint: 'flags start with --; see --help' }));
    expect(() => refuseArguments('fake', 'tune', [])).not.toThrow();
  });
});
