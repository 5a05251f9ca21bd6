/**
 * The plain loop's length (a per-workload budget, at least 3 timed batches, stopped at ±2 % RME, at most the
 * original's 10; --iterations / --time-budget / --quick), its `loop` record (how it stopped, machine load, session
 * load time) and the efficiency range against the GEMM runs before and after the loop.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runRecordProblems } from '@modelbench/core';
import { plainLoopPlan } from '../src/loop-budget.ts';
import { efficiencyRange } from '../src/loop-record.ts';
import { runWorkloadCommand } from '../src/workload-main.ts';
import { fakeRegistry, fakeWorkload, writeTinyModel } from './fake-workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-loop-'));
const model = writeTinyModel(dir);
let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const warm = { warmupCalls: 1, warmupMs: 0 };

describe('how long the plain loop times', () => {
  it("by default: the workload's budget (maskrcnn 40 s), 3 to 10 timed batches, stopped at ±2 %", () => {
    expect(plainLoopPlan('maskrcnn', warm)).toEqual({ warmupIterations: 1, warmupMs: 0, iterations: 10, timeBudgetMs: 40_000, minIterations: 3, targetRmePercent: 2 });
    expect(plainLoopPlan('resnet50', warm).timeBudgetMs).toBe(20_000);
    expect(plainLoopPlan('a-new-one', warm).timeBudgetMs).toBe(20_000);
  });

  it('--iterations N times exactly N; --time-budget S at least 3 within S (no cap, no RME stop); --quick 3 s at ±5 %', () => {
    expect(plainLoopPlan('bert', { ...warm, iterations: 2 })).toMatchObject({ iterations: 2, timeBudgetMs: undefined, minIterations: 2 });
    expect(plainLoopPlan('bert', { ...warm, iterations: 2 }).targetRmePercent).toBeUndefined();
    expect(plainLoopPlan('bert', { ...warm, timeBudgetS: 5 })).toMatchObject({ iterations: undefined, timeBudgetMs: 5000, minIterations: 3 });
    expect(plainLoopPlan('bert', { ...warm, timeBudgetS: 5 }).targetRmePercent).toBeUndefined();
    expect(plainLoopPlan('bert', { ...warm, quick: true })).toMatchObject({ iterations: 10, timeBudgetMs: 3000, minIterations: 3, targetRmePercent: 5 });
  });
});

describe('the efficiency range', () => {
  it('is the achieved GFLOP/s over the best GEMM run of each side: 80 GFLOP/s against 100 before and 90 after → 80–88.9 %', () => {
    const r = efficiencyRange(80, [95, 100, 97], [90, 88, 85])!;
    expect(r.low).toBeCloseTo(0.8, 12);
    expect(r.high).toBeCloseTo(80 / 90, 12);
    expect(efficiencyRange(80, [100], [])).toBeNull();
    expect(efficiencyRange(null, [100], [90])).toBeNull();
  });
});

describe('the loop record', () => {
  it('--iterations 2: stopped by the count; the machine load, session load time and bounds are in the record', async () => {
    const json = join(dir, 'p.json');
    expect(await runWorkloadCommand(fakeWorkload, ['performance', '--model', model, '--backend', 'fake', '--iterations', '2', '--no-calibration', '--json', json], fakeRegistry())).toBe(0);
    const rec = JSON.parse(readFileSync(json, 'utf8'));
    expect(runRecordProblems(rec)).toEqual([]);
    expect(rec.loop).toMatchObject({ stopReason: 'iterations', minIterations: 2, maxIterations: 2, timeBudgetSeconds: null, targetRmePercent: null, efficiencyRange: null });
    expect(rec.loop.sessionLoadMs).toBeGreaterThanOrEqual(0);
    expect(rec.timers).not.toHaveProperty('session load'); // once, in loop.sessionLoadMs
    expect(Array.isArray(rec.loop.loadAverage1m)).toBe(true);
    expect(stdout).toMatch(/^stopped\s+2 iterations, \d+\.\d s timed/m);
    expect(stdout).toMatch(/^session load\s+\d+ ms$/m);
  }, 60_000);

  it('the default loop stops by one of its three bounds, never before 3 timed batches and never after 10', async () => {
    const json = join(dir, 'd.json');
    expect(await runWorkloadCommand(fakeWorkload, ['performance', '--model', model, '--backend', 'fake', '--no-calibration', '--json', json], fakeRegistry())).toBe(0);
    const rec = JSON.parse(readFileSync(json, 'utf8'));
    expect(['iterations', 'rme-target', 'time-budget']).toContain(rec.loop.stopReason);
    expect(rec.samplesMs.length).toBeGreaterThanOrEqual(3);
    expect(rec.samplesMs.length).toBeLessThanOrEqual(10);
    expect(rec.loop).toMatchObject({ minIterations: 3, maxIterations: 10, timeBudgetSeconds: 20, targetRmePercent: 2 });
    expect(rec.config.timeBudgetSeconds).toBe(20);
  }, 60_000);
});
