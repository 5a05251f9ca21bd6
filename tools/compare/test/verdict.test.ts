import { describe, expect, it } from 'vitest';
import { compareLatency, welchDegreesOfFreedom } from '../src/verdict.ts';

describe('compareLatency (Welch t-test on summary statistics plus a minimum change)', () => {
  it('calls a 10 % drop with tight spreads faster, with the exact t and degrees of freedom', () => {
    const c = compareLatency({ meanMs: 100, sdMs: 2, samples: 10 }, { meanMs: 90, sdMs: 2, samples: 10 });
    expect(c.verdict).toBe('faster');
    expect(c.changePercent).toBeCloseTo(-10, 12);
    // se = √(4/10 + 4/10) = √0.8; t = −10 / √0.8
    expect(c.t).toBeCloseTo(-10 / Math.sqrt(0.8), 12);
    expect(c.degreesOfFreedom).toBeCloseTo(18, 12);
    expect(c.tCritical).toBeCloseTo(2.1009220402410382, 12); // df 18: scipy 1.17.1 stats.t.ppf(0.975, 18)
  });

  it('calls a 10 % rise slower with unequal spreads (Welch–Satterthwaite df, fractional)', () => {
    const a = { meanMs: 100, sdMs: 2, samples: 5 };
    const b = { meanMs: 110, sdMs: 3, samples: 5 };
    // va = 0.8, vb = 1.8: df = 2.6² / (0.8²/4 + 1.8²/4) = 6.76 / 0.97
    expect(welchDegreesOfFreedom(a, b)).toBeCloseTo(6.76 / 0.97, 12);
    const c = compareLatency(a, b);
    expect(c.verdict).toBe('slower');
    expect(c.t).toBeCloseTo(10 / Math.sqrt(2.6), 12);
    expect(c.tCritical).toBeCloseTo(2.3667532167989376, 10); // df 6.969: scipy 1.17.1 stats.t.ppf(0.975, 6.76 / 0.97)
    expect(c.spreadPercent).toBeCloseTo((3 / 110) * 100, 12);
  });

  it('finds no significant change when the spread between repeats swamps the difference', () => {
    const c = compareLatency({ meanMs: 100, sdMs: 8, samples: 10 }, { meanMs: 95, sdMs: 8, samples: 10 });
    // t = −5 / √12.8 = −1.398 < 2.101
    expect(c.verdict).toBe('no significant change');
    expect(c.reason).toMatch(/within the noise/);
    expect(c.spreadPercent).toBeGreaterThan(Math.abs(c.changePercent));
  });

  it('finds no significant change for a statistically clear change under the minimum (1 % < 2 %)', () => {
    const c = compareLatency({ meanMs: 100, sdMs: 0.1, samples: 50 }, { meanMs: 101, sdMs: 0.1, samples: 50 });
    expect(Math.abs(c.t!)).toBeGreaterThan(40);
    expect(c.verdict).toBe('no significant change');
    expect(c.reason).toMatch(/under the 2 %/);
    expect(compareLatency({ meanMs: 100, sdMs: 0.1, samples: 50 }, { meanMs: 101, sdMs: 0.1, samples: 50 }, 0.5).verdict).toBe('slower');
  });

  it('gives no verdict of change without a spread (a single timed iteration)', () => {
    const c = compareLatency({ meanMs: 100, sdMs: 0, samples: 1 }, { meanMs: 50, sdMs: 1, samples: 10 });
    expect(c.verdict).toBe('no significant change');
    expect(c.t).toBeNull();
    expect(c.reason).toMatch(/too few timed iterations/);
  });

  it('handles identical, noiseless runs', () => {
    expect(compareLatency({ meanMs: 10, sdMs: 0, samples: 3 }, { meanMs: 10, sdMs: 0, samples: 3 }).verdict).toBe('no significant change');
    expect(compareLatency({ meanMs: 10, sdMs: 0, samples: 3 }, { meanMs: 5, sdMs: 0, samples: 3 }).verdict).toBe('faster');
  });
});
