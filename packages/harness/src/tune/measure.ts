/**
 * `tune`'s cost functions: one cell measured by loadgen's own scenario runner, on the scenario executors the harness
 * uses for `performance --scenario` (how instances are made is the caller's `runCell`; this file only builds the
 * settings and reads the result).
 * - offline: a run of about `durationMs`; the figure is samples/s with its 95 % interval (interval.ts);
 * - server: loadgen's find-peak at integer QPS precision, each probe a tenth of `durationMs`; the figure is the peak QPS
 *   whose p99 met the bound, and its "interval" the bracket find-peak ended with (the peak, the lowest QPS that
 *   missed). A cell where no QPS met the bound is not valid.
 */
import { resolveScenarioSettings, type ScenarioResult, type ScenarioSettings } from '@modelbench/loadgen';
import type { Estimate } from './search.ts';
import { offlineRateInterval } from './interval.ts';
import type { TunedCell } from './saved.ts';

export type RunCell = (settings: ScenarioSettings, cell: TunedCell) => Promise<ScenarioResult>;

export interface CellContext {
  workload: string;
  physicalCores: number;
  seed: number;
  /** server: --latency-bound-ms (undefined: MLPerf's Server bound of the workload) */
  latencyBoundMs?: number | undefined;
  /** every result, for the record's notes (warnings of the runs) */
  onResult?: (cell: TunedCell, r: ScenarioResult) => void;
}

export function offlineSettings(cell: TunedCell, durationMs: number, ctx: CellContext): ScenarioSettings {
  // one run of the cell's time slot: more samples than it can do (2000 a second), stopped at loadgen's max duration
  // (in-flight calls finish), no minimum duration — so no second, larger attempt. Such a run ranks; it is not a VALID
  // MLPerf offline run (its minima are not met), which a full `performance --scenario offline` is.
  const seconds = durationMs / 1000;
  return resolveScenarioSettings(
    { scenario: 'offline', instances: cell.instances, minDurationS: 0, minQueries: Math.max(64, Math.ceil(2000 * seconds)), maxDurationS: seconds, warmupCalls: 1 },
    { workload: ctx.workload, batch: cell.batch, threads: cell.threads, physicalCores: ctx.physicalCores, seed: ctx.seed },
  )!;
}

export function serverSettings(cell: TunedCell, durationMs: number, ctx: CellContext): ScenarioSettings {
  // find-peak takes 6 to 9 probes here (doubling, then bisecting to whole QPS): a tenth of the slot each
  const probeSeconds = Math.max(0.3, durationMs / 10 / 1000);
  return resolveScenarioSettings(
    {
      scenario: 'server',
      instances: cell.instances,
      findPeak: true,
      findPeakDecimals: 0,
      latencyBoundMs: ctx.latencyBoundMs,
      minDurationS: probeSeconds,
      minQueries: 10,
      maxDurationS: 2 * probeSeconds,
      warmupCalls: 1,
    },
    { workload: ctx.workload, batch: 1, threads: cell.threads, physicalCores: ctx.physicalCores, seed: ctx.seed },
  )!;
}

export function offlineEstimate(r: ScenarioResult): Estimate {
  const calls = r.instances.reduce((a, i) => a + i.calls, 0);
  const iv = offlineRateInterval(r.raw.sampleDoneMs ?? [], r.totals.durationMs, calls);
  const note = iv.windows === 0 ? `${calls} calls: too few for an interval` : undefined;
  return { value: r.totals.samplesPerSecond, low: iv.low, high: iv.high, valid: r.totals.samples > 0, ...(note ? { note } : {}) };
}

export function serverEstimate(r: ScenarioResult): Estimate {
  const fp = r.findPeak;
  if (!fp || fp.peakQps === undefined) {
    const lowest = fp?.probes.length ? Math.min(...fp.probes.map((p) => p.qps)) : undefined;
    return { value: 0, low: null, high: null, valid: false, note: `no QPS met the ${fp?.boundMs ?? '?'} ms bound${lowest !== undefined ? ` (lowest tried ${lowest})` : ''}` };
  }
  const missed = fp.probes.filter((p) => !p.meets && p.qps > fp.peakQps!).map((p) => p.qps);
  const high = missed.length ? Math.min(...missed) : null;
  return { value: fp.peakQps, low: fp.peakQps, high, valid: true, note: `p99 bound ${fp.boundMs} ms; ${fp.probes.length} probes` };
}

export function offlineCost(runCell: RunCell, ctx: CellContext) {
  return async (cell: TunedCell, durationMs: number): Promise<Estimate> => {
    const r = await runCell(offlineSettings(cell, durationMs, ctx), cell);
    ctx.onResult?.(cell, r);
    return offlineEstimate(r);
  };
}

export function serverCost(runCell: RunCell, ctx: CellContext) {
  return async (cell: TunedCell, durationMs: number): Promise<Estimate> => {
    const r = await runCell(serverSettings(cell, durationMs, ctx), cell);
    ctx.onResult?.(cell, r);
    return serverEstimate(r);
  };
}
