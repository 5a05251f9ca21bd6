/**
 * Summarises onnxruntime's Chrome-trace profile: drops the warm-up runs, aggregates node kernel events by operator
 * type and sorts by total time. Pure over the parsed trace; the file reading helpers sit at the end.
 */
import { readFileSync } from 'node:fs';
import type { ProfileSummaryRow } from './record.ts';

export interface TraceEvent {
  cat?: string;
  name?: string;
  ph?: string;
  ts?: number;
  dur?: number;
  args?: Record<string, unknown>;
}

export interface ProfileSummary {
  runs: number;
  droppedRuns: number;
  /** mean duration of onnxruntime's own `model_run` events kept, ms */
  modelRunMeanMs: number | null;
  modelRunsMs: number[];
  /** total kernel time of the kept runs, ms */
  totalKernelMs: number;
  operators: ProfileSummaryRow[];
}

interface Interval {
  start: number;
  end: number;
}

function isKernelEvent(e: TraceEvent): boolean {
  return e.cat === 'Node' && typeof e.name === 'string' && e.name.endsWith('_kernel_time') && typeof e.dur === 'number';
}

export function summarizeTrace(events: readonly TraceEvent[], options: { skipRuns?: number } = {}): ProfileSummary {
  const runs: Interval[] = events
    .filter((e) => e.cat === 'Session' && e.name === 'model_run' && typeof e.ts === 'number' && typeof e.dur === 'number')
    .map((e) => ({ start: e.ts as number, end: (e.ts as number) + (e.dur as number) }))
    .sort((a, b) => a.start - b.start);
  const skip = Math.min(options.skipRuns ?? 0, runs.length);
  const kept = runs.slice(skip);
  const inKeptRun = (ts: number): boolean => kept.some((r) => ts >= r.start && ts <= r.end);

  const byOp = new Map<string, { calls: number; totalUs: number }>();
  let totalUs = 0;
  for (const e of events) {
    if (!isKernelEvent(e)) continue;
    // With no model_run events (a trace cut short), keep every kernel event rather than none.
    if (runs.length > 0 && !inKeptRun(e.ts ?? -1)) continue;
    const op = String(e.args?.op_name ?? 'unknown');
    const entry = byOp.get(op) ?? { calls: 0, totalUs: 0 };
    entry.calls += 1;
    entry.totalUs += e.dur as number;
    totalUs += e.dur as number;
    byOp.set(op, entry);
  }
  const operators = [...byOp.entries()]
    .map(([opType, v]) => ({
      opType,
      calls: v.calls,
      totalMs: v.totalUs / 1000,
      meanMs: v.totalUs / 1000 / v.calls,
      percent: totalUs > 0 ? (v.totalUs / totalUs) * 100 : 0,
    }))
    .sort((a, b) => b.totalMs - a.totalMs || a.opType.localeCompare(b.opType));
  const modelRunsMs = kept.map((r) => (r.end - r.start) / 1000);
  return {
    runs: kept.length,
    droppedRuns: skip,
    modelRunMeanMs: modelRunsMs.length ? modelRunsMs.reduce((a, b) => a + b, 0) / modelRunsMs.length : null,
    modelRunsMs,
    totalKernelMs: totalUs / 1000,
    operators,
  };
}

/**
 * Extracts trace events from a profile's text: a JSON array (onnxruntime-node's file) or lines of console output in
 * which onnxruntime-web prints one JSON event per line, possibly after a prefix.
 */
export function parseTraceText(text: string): TraceEvent[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as TraceEvent[];
    } catch {
      // fall through to line-wise parsing (a trace whose closing bracket is missing)
    }
  }
  const events: TraceEvent[] = [];
  for (const line of trimmed.split('\n')) {
    const start = line.indexOf('{');
    if (start < 0) continue;
    const candidate = line.slice(start).replace(/,\s*$/, '');
    try {
      const e = JSON.parse(candidate) as TraceEvent;
      if (e && typeof e === 'object' && 'name' in e) events.push(e);
    } catch {
      // not an event line
    }
  }
  return events;
}

export function readTraceFile(path: string): TraceEvent[] {
  return parseTraceText(readFileSync(path, 'utf8'));
}
