/**
 * One GEMM peak per matrix run per backend and thread count: the cells run with --no-calibration and the matrix
 * calibrates once, so every cell of a thread count shares the efficiency denominator and cells compare (a peak
 * measured per cell moves with the machine's load at that moment).
 */
import { calibrateGemm, createDefaultRegistry } from '@modelbench/backends';
import type { RunRecord } from '@modelbench/core';

/** GFLOP/s of the fp32 GEMM on this backend at this many threads, or null where it cannot be measured. */
export type Calibrate = (backendId: string, threads: number) => Promise<number | null>;

export const MATRIX_CALIBRATION_NOTE = 'GEMM peak calibrated once per matrix run for this backend and thread count';

/** Calls `calibrate` once per (backend, threads); a failure is remembered as null (no efficiency), not retried. */
export function onceEach(calibrate: Calibrate): Calibrate {
  const seen = new Map<string, Promise<number | null>>();
  return (backendId, threads) => {
    const key = `${backendId}\u0000${threads}`;
    let p = seen.get(key);
    if (!p) {
      p = calibrate(backendId, threads).catch(() => null);
      seen.set(key, p);
    }
    return p;
  };
}

/** The real calibration, in the matrix's own process between cells (never while a cell runs). */
export const calibrateWithBackends: Calibrate = async (backendId, threads) => {
  if (backendId === 'null') return null;
  const backend = await createDefaultRegistry().select(backendId);
  return (await calibrateGemm(backend, { threads })).gflopsPerSecond;
};

export const MATRIX_INSTANCES_NOTE = 'GEMM peak calibrated once per matrix run for this backend and thread count, times the instances (each instance runs its own session on that many threads)';

/**
 * The record with the matrix's peak: efficiency = achieved GFLOP/s ÷ that peak, as the harness computes it. A scenario
 * cell of N instances runs N sessions of T threads at once: its denominator is N × the T-thread peak.
 */
export function withMatrixPeak(record: RunRecord, peakGflopsPerSecond: number | null, instances = 1): RunRecord {
  if (record.status !== 'ok') return record;
  const gflops = record.gflopsPerSecond;
  const peak = peakGflopsPerSecond === null ? null : peakGflopsPerSecond * instances;
  const out = {
    ...record,
    calibratedPeakGflopsPerSecond: peak,
    efficiency: gflops !== null && peak ? gflops / peak : null,
  };
  const note = instances > 1 ? MATRIX_INSTANCES_NOTE : MATRIX_CALIBRATION_NOTE;
  if (out.config) out.config = { ...out.config, extra: { ...out.config.extra, calibration: note } };
  return out as RunRecord;
}
