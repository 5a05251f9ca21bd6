/**
 * The 95 % interval of an offline run's throughput, by batch means over time: the timed phase [0, duration] is cut
 * into `windows` equal windows, each window's rate is the samples completed in it over its length, and the interval is
 * mean ± t(0.975, m − 1) · sd / √m of those rates. The mean of the window rates is exactly samples / duration (the
 * run's own figure), so the interval is around the reported value. A call's samples complete together, so a window
 * must hold a few calls for its rate to mean anything: the window count is at most calls / 3 (at least 2 windows,
 * else there is no interval).
 */
import { mean, sd, tQuantile975 } from '@modelbench/core';

export interface RateInterval {
  /** samples per second over the whole phase */
  value: number;
  low: number | null;
  high: number | null;
  windows: number;
}

export function offlineRateInterval(sampleDoneMs: readonly number[], durationMs: number, calls: number, maxWindows = 10): RateInterval {
  const value = durationMs > 0 ? (sampleDoneMs.length * 1000) / durationMs : 0;
  const windows = Math.min(maxWindows, Math.floor(calls / 3));
  if (windows < 2 || durationMs <= 0) return { value, low: null, high: null, windows: 0 };
  const counts = new Array<number>(windows).fill(0);
  const widthMs = durationMs / windows;
  for (const t of sampleDoneMs) counts[Math.min(windows - 1, Math.max(0, Math.floor(t / widthMs)))]! += 1;
  const rates = counts.map((c) => (c * 1000) / widthMs);
  const half = (tQuantile975(windows - 1) * sd(rates)) / Math.sqrt(windows);
  return { value: mean(rates), low: Math.max(0, mean(rates) - half), high: mean(rates) + half, windows };
}
