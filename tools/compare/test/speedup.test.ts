import { describe, expect, it } from 'vitest';
import { formatSpeedup, meanHalfWidth95, speedup } from '../src/speedup.ts';

// Worked values from scipy 1.17.1 (scipy.stats.t.ppf(0.975, df), fractional df), by the formula in speedup.ts:
// r = mA/mB; vX = (sdX/mX)² / nX; df = (vA + vB)² / (vA²/(nA−1) + vB²/(nB−1)); half-width = r · t(df) · √(vA + vB).
describe('speedup (hyperfine\'s error propagation on the standard errors, 95 % interval)', () => {
  it('12 ± 1 ms (n 10) over 10 ± 1 ms (n 10): 1.20 ± 0.10×, df 17.43', () => {
    const s = speedup({ meanMs: 12, sdMs: 1, samples: 10 }, { meanMs: 10, sdMs: 1, samples: 10 });
    expect(s.ratio).toBeCloseTo(1.2, 12);
    expect(s.degreesOfFreedom).toBeCloseTo(17.433107756376888, 9);
    expect(s.halfWidth95).toBeCloseTo(0.10402031706023786, 10);
    expect(formatSpeedup(s)).toBe('1.20 ± 0.10×');
  });

  it('100 ± 2 (n 9) over 90 ± 2 (n 9): 1.11 ± 0.02×; 130 ± 20 over 100 ± 20 with n 3: 1.30 ± 0.54×', () => {
    const a = speedup({ meanMs: 100, sdMs: 2, samples: 9 }, { meanMs: 90, sdMs: 2, samples: 9 });
    expect(a.degreesOfFreedom).toBeCloseTo(15.825614395265985, 9);
    expect(a.halfWidth95).toBeCloseTo(0.023494627146043216, 10);
    const b = speedup({ meanMs: 130, sdMs: 20, samples: 3 }, { meanMs: 100, sdMs: 20, samples: 3 });
    expect(b.degreesOfFreedom).toBeCloseTo(3.7530665698503665, 9);
    expect(b.halfWidth95).toBeCloseTo(0.5397461230489217, 10);
    expect(formatSpeedup(b)).toBe('1.30 ± 0.54×');
  });

  it('has no interval with a single sample on a side', () => {
    const s = speedup({ meanMs: 20, sdMs: 0, samples: 1 }, { meanMs: 10, sdMs: 1, samples: 10 });
    expect([s.ratio, s.halfWidth95]).toEqual([2, null]);
    expect(formatSpeedup(s)).toBe('2.00×');
    expect(formatSpeedup(null)).toBe('-');
  });

  it('gives the 95 % half-width of a mean as t(n − 1) · sd / √n (sd 2, n 9: 2.306 · 2/3)', () => {
    expect(meanHalfWidth95(2, 9)).toBeCloseTo(1.5373360901361106, 3);
    expect(meanHalfWidth95(2, 1)).toBeNull();
  });
});
