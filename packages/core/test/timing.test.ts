import { describe, expect, it } from 'vitest';
import { timeLoop, validatePlan, type Clock } from '../src/timing.ts';

/** A fake clock that advances by the cost of each call, so loop logic is tested without real time. */
function fakeClock(costsMs: number[]): { clock: Clock; run: () => Promise<void>; calls: () => number } {
  let now = 0;
  let n = 0;
  return {
    clock: () => now,
    run: async () => {
      now += costsMs[Math.min(n, costsMs.length - 1)] as number;
      n++;
    },
    calls: () => n,
  };
}

describe('timing loop', () => {
  it('warms up by count, then times exactly the requested iterations', async () => {
    const f = fakeClock([50, 40, 10, 11, 12]);
    const r = await timeLoop({ warmupIterations: 2, warmupMs: 0, iterations: 3, timeBudgetMs: undefined, minIterations: 1 }, f.run, f.clock);
    expect(r.warmupSamplesMs).toEqual([50, 40]);
    expect(r.samplesMs).toEqual([10, 11, 12]);
    expect(f.calls()).toBe(5);
  });

  it('keeps warming up until the warm-up time has passed', async () => {
    const f = fakeClock([30]);
    const r = await timeLoop({ warmupIterations: 1, warmupMs: 100, iterations: 1, timeBudgetMs: undefined, minIterations: 1 }, f.run, f.clock);
    expect(r.warmupSamplesMs).toHaveLength(4); // 30, 60, 90 < 100, 120 ≥ 100
  });

  it('stops at the time budget but never before minIterations', async () => {
    const f = fakeClock([0, 40]);
    const r = await timeLoop({ warmupIterations: 1, warmupMs: 0, iterations: undefined, timeBudgetMs: 100, minIterations: 1 }, f.run, f.clock);
    expect(r.samplesMs).toEqual([40, 40, 40]); // 40, 80, 120 ≥ 100
    const slow = fakeClock([0, 500]);
    const r2 = await timeLoop({ warmupIterations: 1, warmupMs: 0, iterations: undefined, timeBudgetMs: 100, minIterations: 2 }, slow.run, slow.clock);
    expect(r2.samplesMs).toHaveLength(2);
  });

  it('stops at the RME target once the minimum is reached, and says why it stopped', async () => {
    // 100, 102, 98: mean 100, sd 2, rme = t(0.975, 2) · 2/√3 / 100 = 4.303 · 1.1547 % = 4.97 % ≤ 5 % → stops at 3
    const f = fakeClock([0, 100, 102, 98, 100, 100]);
    const r = await timeLoop({ warmupIterations: 1, warmupMs: 0, iterations: 10, timeBudgetMs: 60_000, minIterations: 3, targetRmePercent: 5 }, f.run, f.clock);
    expect(r.samplesMs).toEqual([100, 102, 98]);
    expect(r.stopReason).toBe('rme-target');
    // at 4.9 % the same three samples are not enough (4.97 % > 4.9 %): the fourth, 100, gives sd 1.633, rme
    // t(0.975, 3) · 1.633/2 / 100 = 3.182 · 0.8165 % = 2.60 % → stops at 4
    const g = fakeClock([0, 100, 102, 98, 100, 100]);
    const r2 = await timeLoop({ warmupIterations: 1, warmupMs: 0, iterations: 10, timeBudgetMs: 60_000, minIterations: 3, targetRmePercent: 4.9 }, g.run, g.clock);
    expect(r2.samplesMs).toHaveLength(4);
    expect(r2.stopReason).toBe('rme-target');
  });

  it('says which bound ended the loop: the count, or the time budget after the minimum', async () => {
    const f = fakeClock([1]);
    expect((await timeLoop({ warmupIterations: 0, warmupMs: 0, iterations: 4, timeBudgetMs: 10_000, minIterations: 1 }, f.run, f.clock)).stopReason).toBe('iterations');
    // 40 ms calls alternating with 80 ms ones never reach ±1 %: the 100 ms budget ends it after 3 (40, 120, 160 ≥ 100)
    const g = fakeClock([0, 40, 80, 40, 80]);
    const r = await timeLoop({ warmupIterations: 1, warmupMs: 0, iterations: 10, timeBudgetMs: 100, minIterations: 3, targetRmePercent: 1 }, g.run, g.clock);
    expect(r.samplesMs).toEqual([40, 80, 40]);
    expect(r.stopReason).toBe('time-budget');
  });

  it('iterations cap a time budget', async () => {
    const f = fakeClock([1]);
    const r = await timeLoop({ warmupIterations: 0, warmupMs: 0, iterations: 4, timeBudgetMs: 10_000, minIterations: 1 }, f.run, f.clock);
    expect(r.samplesMs).toHaveLength(4);
  });

  it('tells an observer each stage as it starts and each call done, outside the timed window', async () => {
    let now = 0;
    const costs = [50, 40, 10, 11, 12];
    let n = 0;
    const clock: Clock = () => now;
    const seen: string[] = [];
    const r = await timeLoop(
      { warmupIterations: 2, warmupMs: 0, iterations: 3, timeBudgetMs: undefined, minIterations: 1 },
      async () => {
        now += costs[n++] as number;
      },
      clock,
      (stage, done) => {
        seen.push(`${stage} ${done}`);
        now += 1000; // a slow observer: none of its time may land in a sample
      },
    );
    expect(seen).toEqual(['warm-up 0', 'warm-up 1', 'warm-up 2', 'timed 0', 'timed 1', 'timed 2', 'timed 3']);
    expect(r.warmupSamplesMs).toEqual([50, 40]);
    expect(r.samplesMs).toEqual([10, 11, 12]);
  });

  it('says nothing of a warm-up that does not run', async () => {
    const seen: string[] = [];
    const f = fakeClock([5]);
    await timeLoop({ warmupIterations: 0, warmupMs: 0, iterations: 2, timeBudgetMs: undefined, minIterations: 1 }, f.run, f.clock, (stage, done) => seen.push(`${stage} ${done}`));
    expect(seen).toEqual(['timed 0', 'timed 1', 'timed 2']);
  });

  it('rejects a plan with neither iterations nor a budget', () => {
    expect(() => validatePlan({ warmupIterations: 0, warmupMs: 0, iterations: undefined, timeBudgetMs: undefined, minIterations: 1 })).toThrow(/iterations/);
  });
});
