/**
 * Splits an onnxruntime profile by graph stage: node names start with a stage prefix (transform/, backbone/, head/,
 * postprocess/; see ops.ts), and onnxruntime keeps the first node's name when it fuses. Nodes it inserts itself
 * (layout reorders) count as "other".
 */
import type { TraceEvent } from '@modelbench/core';

export interface StageTime {
  stage: string;
  /** kernel time per kept run, ms */
  msPerRun: number;
  /** share of all kernel time, % */
  percent: number;
}

export function stageTimes(events: readonly TraceEvent[], prefixes: readonly string[], options: { skipRuns?: number } = {}): { runs: number; stages: StageTime[] } {
  const runs = events
    .filter((e) => e.cat === 'Session' && e.name === 'model_run' && typeof e.ts === 'number' && typeof e.dur === 'number')
    .map((e) => [e.ts as number, (e.ts as number) + (e.dur as number)] as const)
    .sort((a, b) => a[0] - b[0])
    .slice(options.skipRuns ?? 0);
  const totals = new Map<string, number>([...prefixes, 'other'].map((p) => [p, 0]));
  let all = 0;
  for (const e of events) {
    if (e.cat !== 'Node' || typeof e.name !== 'string' || !e.name.endsWith('_kernel_time') || typeof e.dur !== 'number') continue;
    const ts = e.ts ?? -1;
    if (!runs.some(([start, end]) => ts >= start && ts <= end)) continue;
    const stage = prefixes.find((p) => (e.name as string).startsWith(p)) ?? 'other';
    totals.set(stage, (totals.get(stage) ?? 0) + e.dur);
    all += e.dur;
  }
  const n = Math.max(1, runs.length);
  return {
    runs: runs.length,
    stages: [...totals.entries()].map(([stage, us]) => ({ stage, msPerRun: us / 1000 / n, percent: all > 0 ? (us / all) * 100 : 0 })),
  };
}
