/**
 * `tune` end to end on the fake workload, its instances on loadgen's FakeClock with a service time per thread count
 * (so the best split is known: 2 instances × 2 threads on 4 cores), and `--instances auto` reading a saved result:
 * the scenario takes the tuned split and the record says where it came from; without one, the cores rule says so.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureEnvironment, parseCommandLine, runRecordProblems } from '@modelbench/core';
import { FakeClock, type ExecutorFactory } from '@modelbench/loadgen';
import { runPerformance } from '../src/modes/performance.ts';
import { runTune } from '../src/modes/tune.ts';
import { saveTuning, tuningPath, type SavedTuning } from '../src/tune/saved.ts';
import { modeFlags } from '../src/workload-main.ts';
import { fakeRegistry, fakeWorkload, writeTinyModel } from './fake-workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-tune-'));
const model = writeTinyModel(dir);
const sha = createHash('sha256').update(readFileSync(model)).digest('hex');
let stdout = '';

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

/** ms per sample by intra-op threads: 4 threads 10 ms (1 × 4: 100/s), 2 threads 15 ms (2 × 2: 133/s), 1 thread 40 ms (4 × 1: 100/s) */
const MS_PER_SAMPLE: Record<number, number> = { 4: 10, 2: 15, 1: 40 };

function byThreads(clock: FakeClock): () => ExecutorFactory {
  return () => async (spec) => ({
    info: { index: spec.index, threads: spec.threads, kind: 'fake', pinnedCpus: null, pinning: 'none' },
    run: (samples) => clock.sleep(MS_PER_SAMPLE[spec.threads]! * samples.length),
    dispose: async () => undefined,
  });
}

describe('tune on a fake backend (FakeClock)', () => {
  it('finds 2 × 2 threads, the known best of 4 cores, within its budget; prints every cell, records them, saves for --instances auto', async () => {
    const cache = mkdtempSync(join(dir, 'cache-'));
    const json = join(dir, 'tune.json');
    const clock = new FakeClock();
    const { flags, positionals } = parseCommandLine(['--model', model, '--backend', 'fake', '--objective', 'offline', '--budget-s', '12', '--confirm-s', '1', '--cache-dir', cache, '--json', json], modeFlags(fakeWorkload, 'tune'), 'fake tune');
    const code = await runTune({ workload: fakeWorkload, flags: flags as never, positionals, registry: fakeRegistry(), startedAt: new Date('2026-12-06T21:00:00Z') }, {
      makeFactory: byThreads(clock),
      runOptions: { clock, machineLoad: false },
      clock: () => clock.nowMs(),
      physicalCores: 4,
    });
    expect(code).toBe(0);
    const record = JSON.parse(readFileSync(json, 'utf8'));
    expect(runRecordProblems(record)).toEqual([]);
    expect(record.mode).toBe('tune');
    const off = record.tune.objectives[0];
    // 3 cells (1 × 4, 2 × 2, 4 × 1) at batch 1 (the fake model takes one sample per call), then the best 2
    expect(off.roundSizes).toEqual([3, 2]);
    expect(off.best.cell).toEqual({ instances: 2, threads: 2, batch: 1 });
    expect(off.best.figure.value).toBeCloseTo(2000 / 15, 0);
    expect(off.spentSeconds).toBeLessThanOrEqual(12);
    expect(off.margin.tied).toBe(false);
    expect(off.margin.ratio).toBeCloseTo(133.33 / 100, 1);
    expect(stdout).toMatch(/best offline: 2 × 2t, batch 1 — 133\.\d\d samples\/s/);
    expect(stdout).toMatch(/successive halving: rounds of 3 → 2 cells/);
    // --confirm-s: the best and 1 × 4 / 4 × 1 for 1 s each; the baseline is 1 × 4 (100/s), the best 1.33× it
    expect(record.tune.confirm.rows.map((r: { cell: { instances: number } }) => r.cell.instances)).toEqual([1, 2, 4]);
    expect(record.tune.confirm.baseline.cell).toEqual({ instances: 1, threads: 4, batch: 1 });
    expect(record.tune.confirm.margin).toMatchObject({ tied: false });
    expect(stdout).toMatch(/tuned vs the best of 1 × cores and cores × 1 \(1 × 4t, batch 1\): 1\.3\d\d×/);
    // the saved file is per machine (CPU model + 4 cores) and model sha256
    const path = tuningPath(cache, { cpuModel: captureEnvironment().cpu.model, physicalCores: 4, workload: 'fake', modelSha256: sha, backend: 'fake', precision: 'fp32' });
    expect(record.tune.savedTo).toBe(path);
    expect(path).toMatch(/-4c\/fake-[0-9a-f]{16}-fake-fp32\.json$/);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as SavedTuning;
    expect(saved).toMatchObject({ workload: 'fake', modelSha256: sha, measuredAt: '2026-12-06T21:00:00.000Z', offline: { instances: 2, threads: 2, batch: 1 }, server: null });
   }, 60_000);

  it('server: the highest QPS whose p99 meets a 50 ms bound is 2 × 2 threads (15 ms a query, two at a time), found by find-peak per cell', async () => {
    const json = join(dir, 'tune-server.json');
    const clock = new FakeClock();
    const { flags, positionals } = parseCommandLine(['--model', model, '--backend', 'fake', '--objective', 'server', '--latency-bound-ms', '50', '--budget-s', '30', '--no-save', '--json', json], modeFlags(fakeWorkload, 'tune'), 'fake tune');
    await runTune({ workload: fakeWorkload, flags: flags as never, positionals, registry: fakeRegistry(), startedAt: new Date() }, { makeFactory: byThreads(clock), runOptions: { clock, machineLoad: false }, clock: () => clock.nowMs(), physicalCores: 4 });
    const srv = JSON.parse(readFileSync(json, 'utf8')).tune.objectives[0];
    expect(srv).toMatchObject({ objective: 'server', unit: 'QPS', latencyBoundMs: 50, roundSizes: [3, 2] });
    expect(srv.best.cell).toEqual({ instances: 2, threads: 2, batch: 1 });
    // a single 15 ms server can never pass 66.7 QPS, two of them 133: the peak lies below that, above one server's
    expect(srv.best.figure.value).toBeGreaterThan(0);
    expect(srv.best.figure.value).toBeLessThan(2000 / 15);
    expect(srv.spentSeconds).toBeLessThanOrEqual(30);
  }, 60_000);

  it('a budget too small for the first round is a usage error naming the budget that would do', async () => {
    const clock = new FakeClock();
    const { flags, positionals } = parseCommandLine(['--model', model, '--backend', 'fake', '--objective', 'offline', '--budget-s', '2', '--no-save'], modeFlags(fakeWorkload, 'tune'), 'fake tune');
    await expect(runTune({ workload: fakeWorkload, flags: flags as never, positionals, registry: fakeRegistry(), startedAt: new Date() }, { makeFactory: byThreads(clock), runOptions: { clock, machineLoad: false }, clock: () => clock.nowMs(), physicalCores: 4 })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(/--budget-s 2 is too short for 3 offline cells/),
      hint: expect.stringMatching(/give --budget-s \d+ or more/),
    });
  });
});

describe('--instances auto', () => {
  async function autoRun(cache: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const json = join(dir, `auto-${Math.random().toString(36).slice(2)}.json`);
    const clock = new FakeClock();
    const { flags, positionals } = parseCommandLine(['--model', model, '--backend', 'fake', '--scenario', 'offline', '--instances', 'auto', '--min-duration', '1', '--min-queries', '8', '--cache-dir', cache, '--json', json], modeFlags(fakeWorkload, 'performance'), 'fake performance');
    await runPerformance({ workload: fakeWorkload, flags: flags as never, positionals, registry: fakeRegistry(), startedAt: new Date() }, { makeFactory: () => byThreads(clock)(), runOptions: { clock, machineLoad: false } });
    return JSON.parse(readFileSync(json, 'utf8'));
  }

  it('reads the saved tune result for this machine and model, and the record says it was measured by tune on that date', async () => {
    const cache = mkdtempSync(join(dir, 'cache-'));
    const cpu = captureEnvironment().cpu;
    const path = tuningPath(cache, { cpuModel: cpu.model, physicalCores: cpu.physicalCores, workload: 'fake', modelSha256: sha, backend: 'fake', precision: 'fp32' });
    saveTuning(path, { version: 1, machineKey: 'x', workload: 'fake', modelSha256: sha, backend: 'fake', precision: 'fp32', measuredAt: '2026-12-01T10:00:00.000Z', offline: { instances: 1, threads: 4, batch: 1, samplesPerSecond: 100 }, server: null });
    const record = await autoRun(cache);
    expect(record.scenario.settings).toMatchObject({ instances: 1, threadsPerInstance: 4 });
    expect(record.scenario.settings.instancesOrigin).toBe(`measured by tune 2026-12-01 (offline best: 1 × 4 threads, batch 1; ${path})`);
    // 1 instance at 10 ms per sample
    expect(record.scenario.totals.samplesPerSecond).toBeCloseTo(100, 6);
  });

  it('without a saved result (or for another model), the cores rule, and the record says so', async () => {
    const cache = mkdtempSync(join(dir, 'cache-'));
    const cpu = captureEnvironment().cpu;
    const other = tuningPath(cache, { cpuModel: cpu.model, physicalCores: cpu.physicalCores, workload: 'fake', modelSha256: 'f'.repeat(64), backend: 'fake', precision: 'fp32' });
    saveTuning(other, { version: 1, machineKey: 'x', workload: 'fake', modelSha256: 'f'.repeat(64), backend: 'fake', precision: 'fp32', measuredAt: '2026-12-01T10:00:00.000Z', offline: { instances: 1, threads: 4, batch: 1, samplesPerSecond: 100 }, server: null });
    const record = await autoRun(cache);
    expect(record.scenario.settings).toMatchObject({ instances: cpu.physicalCores, threadsPerInstance: 1, instancesOrigin: 'cores rule (physical cores / threads)' });
  });
});
