/**
 * After a profiled `performance` run of the synthetic model: the share of kernel time per graph stage (transform,
 * backbone, head, post-processing), read from the trace onnxruntime wrote under --profile-dir.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readTraceFile, renderTable, fixed } from '@modelbench/core';
import { stageTimes, type StageTime } from '@modelbench/models';

/** The newest `<prefix>*.json` written since `sinceMs` (onnxruntime-node appends a timestamp to the prefix). */
export function newestTrace(prefix: string, sinceMs: number): string | undefined {
  const abs = resolve(prefix);
  let best: { path: string; mtime: number } | undefined;
  let names: string[];
  try {
    names = readdirSync(dirname(abs));
  } catch {
    return undefined;
  }
  for (const name of names) {
    if (!name.startsWith(basename(abs)) || !name.endsWith('.json')) continue;
    const path = join(dirname(abs), name);
    const mtime = statSync(path).mtimeMs;
    if (mtime + 1000 >= sinceMs && (!best || mtime > best.mtime)) best = { path, mtime };
  }
  return best?.path;
}

export function renderStageTable(stages: readonly StageTime[]): string {
  return renderTable(
    ['stage', 'ms per call', '% of kernel time'],
    stages.map((s) => [s.stage.replace(/\/$/, ''), fixed(s.msPerRun, 2), fixed(s.percent, 1)]),
    ['left', 'right', 'right'],
  );
}

/** Lines for the stage split, or a line saying why there is none. `skipRuns`: warm-up calls to drop. */
export function stageReport(tracePath: string | undefined, prefixes: readonly string[], skipRuns: number): string[] {
  if (!tracePath) return ['stage split: no trace found'];
  const split = stageTimes(readTraceFile(tracePath), prefixes, { skipRuns });
  if (split.runs === 0) return ['stage split: the trace holds no timed call'];
  return [`stages (mean of ${split.runs} profiled calls, warm-up dropped; node names carry the stage):`, renderStageTable(split.stages)];
}
