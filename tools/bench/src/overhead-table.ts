/** Pure: the overhead/efficiency table from the records of one batch size (profiled ort-cpu run + null backend run). */
import { fixed, renderMarkdownTable, type RunRecord } from '@modelbench/core';

export interface OverheadRow {
  batch: number;
  medianMs: number;
  /** null below 100 samples (core's percentile rule) */
  p99Ms: number | null;
  gflopsPerSecond: number | null;
  efficiency: number | null;
  peakGflopsPerSecond: number | null;
  /** mean wall time per call minus onnxruntime's own model_run mean over the same calls, ms */
  wallMinusModelRunMs: number | null;
  /** the null backend's median per batch: the harness alone, ms */
  nullBackendMs: number | null;
}

export function overheadRow(profiled: RunRecord, nullRun: RunRecord | null): OverheadRow {
  if (!profiled.latency) throw new Error(`record for ${profiled.workload} has no latency (status ${profiled.status})`);
  const modelRun = profiled.profile?.modelRunMeanMs ?? null;
  const calls = profiled.config?.batchMode === 'sequential' ? (profiled.config?.batch ?? 1) : 1;
  return {
    batch: profiled.config?.batch ?? 1,
    medianMs: profiled.latency.medianMs,
    p99Ms: profiled.latency.p99Ms,
    gflopsPerSecond: profiled.gflopsPerSecond,
    efficiency: profiled.efficiency,
    peakGflopsPerSecond: profiled.calibratedPeakGflopsPerSecond,
    wallMinusModelRunMs: modelRun !== null ? profiled.latency.meanMs / calls - modelRun : null,
    nullBackendMs: nullRun?.latency?.medianMs ?? null,
  };
}

export function renderOverheadTable(rows: readonly OverheadRow[]): string {
  const pct = (part: number | null, whole: number): string => (part === null ? '-' : `${fixed((part / whole) * 100, 2)} %`);
  return renderMarkdownTable(
    ['batch', 'median ms', 'p99 ms', 'GFLOP/s', 'efficiency', 'GEMM peak GFLOP/s', 'mean wall − model_run ms', 'of median', 'null backend ms', 'of median'],
    rows.map((r) => [
      String(r.batch),
      fixed(r.medianMs, 2),
      fixed(r.p99Ms, 2),
      fixed(r.gflopsPerSecond, 1),
      r.efficiency === null ? '-' : `${fixed(r.efficiency * 100, 1)} %`,
      fixed(r.peakGflopsPerSecond, 1),
      fixed(r.wallMinusModelRunMs, 3),
      pct(r.wallMinusModelRunMs, r.medianMs),
      fixed(r.nullBackendMs, 3),
      pct(r.nullBackendMs, r.medianMs),
    ]),
  );
}
