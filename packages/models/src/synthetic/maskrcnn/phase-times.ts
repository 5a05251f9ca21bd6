/**
 * Kernel time per phase of the synthetic Mask R-CNN from an onnxruntime Chrome trace: node names (and the names
 * onnxruntime gives its fused / NCHWc nodes, taken from the values they produce) start with `<phase>/`. Warm-up runs
 * are dropped by position; kernels outside every kept `model_run` are ignored. Pure.
 */
import { MASKRCNN_PHASES, phaseOfNode, type MaskRcnnPhase } from './build.ts';

export interface TraceEventLike {
  cat?: string;
  name?: string;
  ts?: number;
  dur?: number;
}

export interface PhaseTime {
  phase: MaskRcnnPhase | 'other';
  msPerRun: number;
  percent: number;
}

export interface PhaseSplit {
  runs: number;
  totalMsPerRun: number;
  phases: PhaseTime[];
}

const KERNEL_SUFFIX = '_kernel_time';

/** The phase of a kernel event's node name; onnxruntime prefixes some fused nodes with `fused `. */
export function phaseOfKernel(eventName: string): MaskRcnnPhase | 'other' {
  const node = eventName.endsWith(KERNEL_SUFFIX) ? eventName.slice(0, -KERNEL_SUFFIX.length) : eventName;
  return phaseOfNode(node.replace(/^fused /, '')) ?? 'other';
}

export function phaseTimes(events: readonly TraceEventLike[], options: { skipRuns?: number } = {}): PhaseSplit {
  const runs = events
    .filter((e) => e.cat === 'Session' && e.name === 'model_run' && typeof e.ts === 'number' && typeof e.dur === 'number')
    .map((e) => ({ start: e.ts as number, end: (e.ts as number) + (e.dur as number) }))
    .sort((a, b) => a.start - b.start)
    .slice(options.skipRuns ?? 0);
  const totals = new Map<MaskRcnnPhase | 'other', number>();
  let total = 0;
  for (const e of events) {
    if (e.cat !== 'Node' || typeof e.name !== 'string' || !e.name.endsWith(KERNEL_SUFFIX) || typeof e.dur !== 'number') continue;
    const ts = e.ts ?? -1;
    if (!runs.some((r) => ts >= r.start && ts <= r.end)) continue;
    const phase = phaseOfKernel(e.name);
    totals.set(phase, (totals.get(phase) ?? 0) + e.dur);
    total += e.dur;
  }
  const n = Math.max(runs.length, 1);
  const order: (MaskRcnnPhase | 'other')[] = [...MASKRCNN_PHASES, 'other'];
  return {
    runs: runs.length,
    totalMsPerRun: total / 1000 / n,
    phases: order
      .filter((p) => totals.has(p))
      .map((phase) => {
        const us = totals.get(phase) as number;
        return { phase, msPerRun: us / 1000 / n, percent: total > 0 ? (100 * us) / total : 0 };
      }),
  };
}
