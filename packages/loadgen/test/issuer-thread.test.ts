/**
 * The issuer thread: where a run's queries are issued (chooseIssuer, worked cases), and real runs through it with
 * the echo SUT in worker threads — the same schedule and sample order as the main thread's scheduler, completions
 * stamped inside the instances, errors passed back with their code. No speed or wall time is asserted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { FakeClock, realClock } from '../src/clock.ts';
import type { Executor, ExecutorFactory, InstanceInfo } from '../src/executor.ts';
import { chooseIssuer } from '../src/issuer-thread.ts';
import { poissonSchedule } from '../src/arrivals.ts';
import { runScenario } from '../src/run-scenario.ts';
import { workerExecutorFactory } from '../src/worker-instance.ts';
import { settingsFrom } from './helpers.ts';

const entry = new URL('./echo-sut.ts', import.meta.url).href;
const info = (kind: InstanceInfo['kind'], index = 0): InstanceInfo => ({ index, threads: 1, kind, pinnedCpus: null, pinning: 'none' });
const withPort = (index = 0): Pick<Executor, 'info' | 'openPort'> => ({ info: info('worker-thread', index), openPort: () => ({}) as never });

describe('chooseIssuer', () => {
  it('worker-thread instances on the real clock: the issuer thread, for single-stream, multi-stream and server', () => {
    for (const scenario of ['single-stream', 'multi-stream', 'server'] as const) expect(chooseIssuer({ scenario, executors: [withPort(0), withPort(1)], clock: realClock, ask: 'auto' }).kind).toBe('thread');
  });

  it('offline, an injected clock, a child-process instance, or asked: the main thread, saying why', () => {
    expect(chooseIssuer({ scenario: 'offline', executors: [withPort()], clock: realClock, ask: 'thread' })).toEqual({ kind: 'main', why: 'offline: every sample is queued at the start, nothing is due later' });
    expect(chooseIssuer({ scenario: 'server', executors: [withPort()], clock: new FakeClock(), ask: 'auto' }).why).toMatch(/injected/);
    expect(chooseIssuer({ scenario: 'server', executors: [withPort(0), { info: info('child-process', 1) }], clock: realClock, ask: 'auto' })).toEqual({ kind: 'main', why: 'instance 1 is a child process (pinned): no MessagePort reaches another process' });
    expect(chooseIssuer({ scenario: 'single-stream', executors: [withPort()], clock: realClock, ask: 'main' })).toEqual({ kind: 'main', why: 'asked for (issuer main)' });
  });

  it('the thread asked for where it cannot run is a usage error with a hint', () => {
    const err = (() => {
      try {
        chooseIssuer({ scenario: 'server', executors: [{ info: info('in-process') }], clock: realClock, ask: 'thread' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BenchError);
    expect((err as BenchError).code).toBe('USAGE');
    expect((err as BenchError).hint).toMatch(/issuer main/);
  });
});

describe('runs through the issuer thread (echo SUT in 2 worker threads)', () => {
  const seen = new Int32Array(new SharedArrayBuffer(64));
  // the two instances are started once and kept across the runs (each run starts only its issuer thread)
  const make = workerExecutorFactory({ entry, payload: { count: 64, seen } });
  const kept = new Map<number, Executor>();
  const factory: ExecutorFactory = async (spec) => {
    let e = kept.get(spec.index);
    if (!e) kept.set(spec.index, (e = await make(spec)));
    return { ...e, dispose: async () => undefined };
  };
  afterAll(async () => {
    for (const e of kept.values()) await e.dispose();
  });

  it('server: the Poisson schedule and the sample order are the main thread\'s; every query is stamped done inside an instance', async () => {
    const s = { ...settingsFrom(['--scenario', 'server', '--instances', '2', '--target-qps', '400', '--latency-bound-ms', '1000', '--min-duration', '0', '--min-queries', '24', '--scenario-warmup', '1']), sampleCount: 64 };
    const thread = await runScenario(s, factory, { machineLoad: false });
    const main = await runScenario(s, factory, { machineLoad: false, issuer: 'main' });
    expect(thread.settings).toMatchObject({ issuer: 'thread' });
    expect(main.settings).toMatchObject({ issuer: 'main', issuerWhy: 'asked for (issuer main)' });
    const due = poissonSchedule({ targetQps: 400, minDurationMs: 0, minQueries: 24, scheduleRngSeed: s.seeds.scheduleRngSeed });
    expect(thread.raw.scheduledMs).toEqual(due.map((x) => Math.round(x * 1e4) / 1e4));
    expect(thread.raw.scheduledMs).toEqual(main.raw.scheduledMs);
    expect(thread.sampleIndices).toEqual(main.sampleIndices);
    expect(thread.totals.queries).toBe(24);
    expect(thread.queue).toMatchObject({ submitted: 24, completed: 24, cancelled: 0 });
    // each issue at or after its due time; the echo SUT's model time is the sum of the call's indices
    for (let i = 0; i < 24; i++) expect(thread.raw.issuedMs[i]!).toBeGreaterThanOrEqual(thread.raw.scheduledMs[i]! - 1e-4);
    const modelMs = thread.sampleIndices.reduce((a, q) => a + q.reduce((x, y) => x + y, 0), 0);
    expect(thread.instances.reduce((a, i) => a + i.modelMs, 0)).toBe(modelMs);
    expect(thread.instances.reduce((a, i) => a + i.calls, 0)).toBe(24);
    expect(thread.totals.callOverheadMs?.count).toBe(24);
    expect(thread.totals.issueLatenessMs?.count).toBe(24);
    expect(thread.issuePriority).toBeDefined();
  });

  it('multi-stream: the closed loop in the thread draws the same queries as on the main thread, each due at the previous one\'s stamp', async () => {
    const s = { ...settingsFrom(['--scenario', 'multi-stream', '--instances', '2', '--min-duration', '0', '--min-queries', '6', '--scenario-warmup', '0']), sampleCount: 64 };
    const thread = await runScenario(s, factory, { machineLoad: false });
    const main = await runScenario(s, factory, { machineLoad: false, issuer: 'main' });
    expect(thread.settings.issuer).toBe('thread');
    expect(thread.sampleIndices).toEqual(main.sampleIndices);
    expect(thread.totals.queries).toBe(6);
    expect(thread.queue.completed).toBe(6 * Math.ceil(s.samplesPerQuery / s.batch));
    expect(thread.raw.scheduledMs[0]).toBe(0);
    for (let i = 1; i < 6; i++) expect(thread.raw.scheduledMs[i]!).toBeCloseTo(thread.raw.scheduledMs[i - 1]! + thread.raw.latencyMs[i - 1]!, 3);
  });

  it('an instance\'s error in a thread-issued call fails the run with the SUT\'s message and code', async () => {
    const s = { ...settingsFrom(['--scenario', 'single-stream', '--min-duration', '0', '--min-queries', '50', '--scenario-warmup', '0']), sampleCount: 1000 };
    // the instances hold 64 samples; the set of 1,000 soon draws one beyond them
    const err = await runScenario(s, factory, { machineLoad: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BenchError);
    expect((err as BenchError).code).toBe('INFERENCE_FAILED');
    expect((err as BenchError).message).toMatch(/is not in a set of 64/);
  });
});
