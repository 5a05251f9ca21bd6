/**
 * Successive halving on a fake backend whose true throughput per configuration is given: the search finds the known
 * best within its budget (fake clock: every measurement costs its duration plus a fixed overhead), ranks invalid cells
 * last, calls overlapping intervals tied, and refuses a budget too small for the first round.
 */
import { describe, expect, it } from 'vitest';
import { BudgetTooSmallError, marginOf, minimumBudgetMs, rankTrials, roundSizes, successiveHalving, type Estimate } from '../src/tune/search.ts';

interface Cell {
  instances: number;
  threads: number;
  batch: number;
}
const key = (c: Cell): string => `${c.instances}x${c.threads}b${c.batch}`;

/** true samples/s per configuration: 2 × 1 at batch 8 is the best, 1 × 2 at batch 8 within 3 % of it */
const TRUE_RATE: Record<string, number> = {
  '1x2b1': 35.1, '2x1b1': 43.5, '1x1b1': 22.0,
  '1x2b4': 40.2, '2x1b4': 45.0, '1x1b4': 23.5,
  '1x2b8': 46.0, '2x1b8': 47.4, '1x1b8': 24.0,
  '1x2b32': 45.1, '2x1b32': 41.0, '1x1b32': 23.9,
};
const CELLS: Cell[] = Object.keys(TRUE_RATE).map((k) => {
  const m = /^(\d+)x(\d+)b(\d+)$/.exec(k)!;
  return { instances: Number(m[1]), threads: Number(m[2]), batch: Number(m[3]) };
});

/** A deterministic pseudo-random stream (xorshift32) so the noise is the same every run. */
function noiseStream(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0xffffffff - 0.5; // uniform in [-0.5, 0.5]
  };
}

/** A fake backend: a measurement of d ms costs d + overhead on the clock; its relative noise falls as 1/√(d in s). */
function fakeBackend(overheadMs: number, relNoisePerSqrtS: number, seed = 7) {
  let now = 0;
  const noise = noiseStream(seed);
  const calls: { cell: string; durationMs: number }[] = [];
  const measure = async (c: Cell, durationMs: number): Promise<Estimate> => {
    now += durationMs + overheadMs;
    calls.push({ cell: key(c), durationMs });
    const rel = relNoisePerSqrtS / Math.sqrt(durationMs / 1000);
    const value = TRUE_RATE[key(c)]! * (1 + 2 * rel * noise());
    return { value, low: value * (1 - rel), high: value * (1 + rel), valid: true };
  };
  return { measure, clock: () => now, calls };
}

describe('successive halving', () => {
  it('halves down to two cells: 12 → 6 → 3 → 2', () => {
    expect(roundSizes(12)).toEqual([12, 6, 3, 2]);
    expect(roundSizes(3)).toEqual([3, 2]);
    expect(roundSizes(2)).toEqual([2]);
    expect(roundSizes(1)).toEqual([1]);
  });

  it('finds the known best of 12 configurations within a 120 s budget, each round longer than the one before', async () => {
    const fake = fakeBackend(500, 0.01);
    const r = await successiveHalving(CELLS, fake.measure, { budgetMs: 120_000, minCellMs: 1000, overheadMs: 500, clock: fake.clock });
    expect(key(r.best.cell)).toBe('2x1b8');
    expect(key(r.runnerUp!.cell)).toBe('1x2b8');
    expect(r.spentMs).toBeLessThanOrEqual(120_000);
    expect(r.stoppedBy).toBe('complete');
    expect(r.roundSizes).toEqual([12, 6, 3, 2]);
    // every cell once in round 0; each later round's measurements are longer (equal shares over fewer cells)
    const perRound = [0, 1, 2, 3].map((round) => r.trials.filter((t) => t.round === round).map((t) => t.durationMs));
    expect(perRound[0]).toHaveLength(12);
    for (let i = 1; i < 4; i++) expect(Math.min(...perRound[i]!)).toBeGreaterThan(Math.max(...perRound[i - 1]!));
    // 12 × (120/4/12 − 0.5) s = 24 s of timing in round 0: 2.0 s each
    expect(perRound[0]![0]).toBeCloseTo(2000, 6);
  });

  it('the best two within 3 % of each other, measured to ±1 %/√s, are told apart only when their intervals part', async () => {
    const fake = fakeBackend(500, 0.01);
    const r = await successiveHalving(CELLS, fake.measure, { budgetMs: 120_000, minCellMs: 1000, overheadMs: 500, clock: fake.clock });
    const m = r.margin!;
    expect(m.ratio).toBeCloseTo(r.best.estimate.value / r.runnerUp!.estimate.value, 12);
    expect(m.tied).toBe(r.best.estimate.low! <= r.runnerUp!.estimate.high!);
  });

  it('a noisy backend: overlapping intervals are "tied"', () => {
    expect(marginOf({ value: 47, low: 44, high: 50, valid: true }, { value: 46, low: 43, high: 49, valid: true })).toMatchObject({ tied: true });
    expect(marginOf({ value: 47, low: 46.5, high: 47.5, valid: true }, { value: 45, low: 44.5, high: 45.5, valid: true })).toMatchObject({ tied: false });
    expect(marginOf({ value: 47, low: null, high: null, valid: true }, { value: 45, low: null, high: null, valid: true })).toMatchObject({ tied: true, reason: 'no interval to tell them apart' });
  });

  it('invalid cells (a server run over its bound) rank below every valid one, whatever their value', () => {
    const t = (value: number, valid: boolean) => ({ cell: value, round: 0, durationMs: 1, spentMs: 1, estimate: { value, low: null, high: null, valid } });
    expect(rankTrials([t(50, false), t(10, true), t(30, true)]).map((x) => x.cell)).toEqual([30, 10, 50]);
  });

  it('refuses a budget whose first round cannot give each cell its minimum, naming the budget that would', async () => {
    const fake = fakeBackend(500, 0.01);
    await expect(successiveHalving(CELLS, fake.measure, { budgetMs: 20_000, minCellMs: 1000, overheadMs: 500, clock: fake.clock })).rejects.toBeInstanceOf(BudgetTooSmallError);
    // 4 rounds × 12 cells × (1 s + 0.5 s)
    expect(minimumBudgetMs(12, 1000, 500)).toBe(72_000);
  });

  it('an overhead larger than expected shortens the later rounds instead of overrunning the budget', async () => {
    const fake = fakeBackend(1500, 0.01);
    const r = await successiveHalving(CELLS, fake.measure, { budgetMs: 120_000, minCellMs: 1000, overheadMs: 0, clock: fake.clock });
    // round 0 was planned without overhead (2.5 s each + 1.5 s unplanned = 18 s over its share); later rounds absorb it
    expect(r.spentMs).toBeLessThanOrEqual(120_000 + 1);
    expect(key(r.best.cell)).toMatch(/^(2x1b8|1x2b8)$/);
  });
});
