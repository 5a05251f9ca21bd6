import { describe, expect, it } from 'vitest';
import { renderHumanReport, targetNote } from '../src/reporters.ts';
import { minimumStandsOut, minSamplesForPercentile, shownPercentiles, showsSpread, summarize } from '../src/stats.ts';
import { sample } from './sample-record.ts';

function withSamples(samplesMs: number[]): typeof sample {
  return { ...sample, latency: summarize(samplesMs), samplesMs };
}

describe('how many samples a statistic needs', () => {
  it('a percentile p exists from n ≥ 100 / (100 − p) samples', () => {
    expect(minSamplesForPercentile(90)).toBe(10);
    expect(minSamplesForPercentile(95)).toBe(20);
    expect(minSamplesForPercentile(99)).toBe(100);
    expect(shownPercentiles(9)).toEqual([]);
    expect(shownPercentiles(10)).toEqual([90]);
    expect(shownPercentiles(20)).toEqual([90, 95]);
    expect(shownPercentiles(100)).toEqual([90, 95, 99]);
  });

  it('mean ± sd from 5 samples on', () => {
    expect(showsSpread(4)).toBe(false);
    expect(showsSpread(5)).toBe(true);
  });

  it('the minimum stands out when median − min is more than the sd (or 1 % of the median with too few samples)', () => {
    // 10, 20, 20, 20, 20: median 20, sd = sqrt(80/4) = 4.47 < 10
    expect(minimumStandsOut(summarize([10, 20, 20, 20, 20]))).toBe(true);
    // 19, 20, 20, 20, 21: sd = sqrt(2/4) = 0.707 < 1 → stands out; 19.5…: 0.5 < sd 0.61 → not
    expect(minimumStandsOut(summarize([19, 20, 20, 20, 21]))).toBe(true);
    expect(minimumStandsOut(summarize([19.5, 20, 20, 20.5, 21]))).toBe(false);
    // two samples: 1 % of the median (10.05) is 0.1005; 0.05 below is noise, 0.5 is not
    expect(minimumStandsOut(summarize([10, 10.1]))).toBe(false);
    expect(minimumStandsOut(summarize([10, 11]))).toBe(true);
  });
});

describe('the human report of a short run', () => {
  it('with 3 samples: median, min/max and why the rest is missing; no mean ± sd, no percentiles', () => {
    const text = renderHumanReport(withSamples([10, 11, 40]));
    expect(text).toMatch(/^median\s+11\.000 ms$/m);
    expect(text).toMatch(/^min \/ max\s+10\.000 \/ 40\.000 ms$/m);
    expect(text).toMatch(/^samples\s+3 \(too few for more: mean ± sd needs 5, p90 10, p95 20, p99 100\)$/m);
    expect(text).not.toMatch(/mean ± sd\s+\d/);
    expect(text).not.toMatch(/^p9/m);
  });

  it('with 20 samples: mean ± sd, p90 and p95, and p99 said to need 100', () => {
    const xs = Array.from({ length: 20 }, (_, i) => 10 + i / 10);
    const text = renderHumanReport(withSamples(xs));
    expect(text).toMatch(/^mean ± sd\s+10\.950 ± 0\.592 ms/m);
    // LoadGen's rule: sorted[floor(20 · 0.90)] = sorted[18] = 11.8, sorted[19] = 11.9 (no interpolation)
    expect(text).toMatch(/^p90 \/ p95\s+11\.800 \/ 11\.900 ms \(LoadGen's sorted\[floor\(n·p\)\]\)$/m);
    expect(text).toMatch(/^samples\s+20 \(too few for more: p99 100\)$/m);
  });

  it('says why the TARGET time is below the median when that is more than the noise', () => {
    // min 10, median 20: 100 % higher
    expect(targetNote(withSamples([10, 20, 20, 20, 20]))).toBe(
      'note: the [TARGET] time is the minimum of the 5 timed iterations (what the original printed); the median is 100.0 % higher',
    );
    expect(renderHumanReport(withSamples([10, 20, 20, 20, 20]))).toContain('note: the [TARGET] time is the minimum');
    expect(targetNote(withSamples([19.5, 20, 20, 20.5, 21]))).toBeUndefined();
  });
});
