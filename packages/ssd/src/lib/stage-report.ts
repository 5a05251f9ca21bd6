/**
 * After a profiled `performance` run of the synthetic model: the share of kernel time per graph stage (transform,
 * backbone, head, post-processing), read from the trace onnxruntime wrote under --profile-dir.
 */
import { readTraceFile, renderTable, fixed } from '@modelbench/core';
import { stageTimes, type StageTime } from '@modelbench/models';

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
