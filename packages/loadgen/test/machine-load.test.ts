import { describe, expect, it } from 'vitest';
import { driftReport, modifiedZScores } from '../src/drift.ts';
import { compareLoad, parseLoadAverage, parseProcStat, type LoadSnapshot } from '../src/machine-load.ts';

describe('machine load from /proc', () => {
  it('parses the aggregate cpu line (idle includes iowait) and the load average', () => {
    const stat = 'cpu  100 5 50 800 20 1 4 10 0 0\ncpu0 50 2 25 400 10 0 2 5 0 0\nintr 1\n';
    expect(parseProcStat(stat)).toEqual({ total: 990, idle: 820, steal: 10 });
    expect(parseLoadAverage('1.14 0.62 0.31 1/94 10668\n')).toBe(1.14);
  });

  it('others busy = (Δnon-idle − own CPU) / Δtotal; steal = Δsteal / Δtotal', () => {
    const before: LoadSnapshot = { available: true, loadAverage1m: 0.5, cpu: { total: 1000, idle: 800, steal: 0 }, ownCpuMs: 0, wallMs: 0 };
    // 2 CPUs × 1 s = 200 ticks: 60 busy of which 20 ticks (200 ms) were ours, 10 stolen
    const after: LoadSnapshot = { available: true, loadAverage1m: 1.5, cpu: { total: 1200, idle: 940, steal: 10 }, ownCpuMs: 200, wallMs: 1000 };
    const r = compareLoad(before, after, 2);
    expect(r.othersBusyFraction).toBeCloseTo(0.2, 12); // (60 − 20) / 200
    expect(r.stealFraction).toBeCloseTo(0.05, 12);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toBe('machine busy: other processes used 20 % of the CPU time during the run (load average 0.5 → 1.5 on 2 CPUs); rerun on a quiet machine');
    expect(r.warnings[1]).toMatch(/^CPU steal: the hypervisor took 5.0 %/);
  });

  it('a quiet machine gives no warning; no /proc gives none either', () => {
    const before: LoadSnapshot = { available: true, cpu: { total: 0, idle: 0, steal: 0 }, ownCpuMs: 0, wallMs: 0 };
    const after: LoadSnapshot = { available: true, cpu: { total: 200, idle: 100, steal: 0 }, ownCpuMs: 1000, wallMs: 1000 };
    expect(compareLoad(before, after, 2).warnings).toEqual([]);
    expect(compareLoad({ available: false, ownCpuMs: 0, wallMs: 0 }, after, 2)).toEqual({ available: false, warnings: [] });
  });
});

describe('drift and outliers', () => {
  it('first half median 10, second 12: +20 % drift warns', () => {
    const r = driftReport([10, 10, 10, 10, 12, 12, 12, 12])!;
    expect(r.relativeChange).toBeCloseTo(0.2, 12);
    expect(r.warnings[0]).toBe("latency drifted: the second half's median is 20.0 % above the first half's (10.000 → 12.000 ms); more warm-up or a quieter machine");
  });

  it('steady latencies do not warn; fewer than 4 give no report', () => {
    expect(driftReport([10, 10.1, 9.9, 10, 10.05, 9.95])!.warnings).toEqual([]);
    expect(driftReport([1, 2, 3])).toBeUndefined();
  });

  it('hyperfine outliers: modified Z = 0.6745 (x − median) / MAD above 14.826', () => {
    // median 10, MAD 1 → 40 has Z = 0.6745 × 30 = 20.2
    const xs = [9, 10, 11, 9, 10, 11, 10, 40];
    expect(modifiedZScores(xs)[7]).toBeCloseTo(0.6745 * 30, 9);
    expect(driftReport(xs)!.outliers).toBe(1);
  });
});
