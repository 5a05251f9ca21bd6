import { describe, expect, it } from 'vitest';
import { lnGamma, regularizedBeta, tQuantile975 } from '../src/t-quantile.ts';

describe("Student's t 97.5 % quantile", () => {
  it('matches scipy 1.17.1 stats.t.ppf(0.975, df) to 1e-12 at whole and fractional degrees of freedom', () => {
    const scipy: [number, number][] = [
      [0.5, 164.55767348048818],
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [3, 3.1824463052837078],
      [4, 2.7764451051977934],
      [5, 2.5705818356363146],
      [6.5, 2.4020020079102764],
      [9, 2.262157162798205],
      [10, 2.228138851986274],
      [30, 2.0422724563012378],
      [31, 2.039513446396408],
      [100, 1.9839715185235518],
      [500, 1.9647198374673676],
      [999, 1.9623414611334493],
      [1000, 1.9623390808264083],
      [1e6, 1.959966356814107],
    ];
    for (const [df, reference] of scipy) expect(Math.abs(tQuantile975(df) - reference) / reference, `df ${df}`).toBeLessThan(1e-12);
  });

  it('gives the published table values beyond 30 degrees of freedom, not the normal 1.96', () => {
    expect(tQuantile975(100).toFixed(3)).toBe('1.984');
    expect(tQuantile975(1000).toFixed(3)).toBe('1.962');
    expect(tQuantile975(60).toFixed(3)).toBe('2.000'); // the printed tables' 60-df row
    expect(tQuantile975(120).toFixed(3)).toBe('1.980');
    expect(tQuantile975(Number.POSITIVE_INFINITY)).toBe(1.959963984540054);
    expect(tQuantile975(1e15)).toBeCloseTo(1.959963984540054, 14);
  });

  it('is NaN without degrees of freedom', () => {
    expect(tQuantile975(0)).toBeNaN();
    expect(tQuantile975(-1)).toBeNaN();
    expect(tQuantile975(Number.NaN)).toBeNaN();
  });

  it('rests on ln Γ and the incomplete beta function, checked against closed forms', () => {
    expect(lnGamma(50)).toBeCloseTo(Math.log(Array.from({ length: 49 }, (_, i) => i + 1).reduce((p, k) => p * k, 1)), 11); // ln 49!
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b
    expect(regularizedBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14);
    expect(regularizedBeta(0.7, 1, 3.5)).toBeCloseTo(1 - 0.3 ** 3.5, 14);
    expect(regularizedBeta(0.4, 3, 3) + regularizedBeta(0.6, 3, 3)).toBeCloseTo(1, 14); // symmetry
  });
});
