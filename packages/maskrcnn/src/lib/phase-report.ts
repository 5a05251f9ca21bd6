/**
 * After a profiled `performance` run of the synthetic model: kernel time per phase of torchvision's forward
 * (transform, backbone+FPN, RPN and proposal selection, box head, detection post-processing, mask head, paste), read
 * from the trace onnxruntime wrote under --profile-dir.
 */
import { fixed, readTraceFile, renderTable } from '@modelbench/core';
import { phaseTimes, type PhaseSplit } from '@modelbench/models';

const PHASE_LABELS: Record<string, string> = {
  transform: 'transform (normalise, resize, pad)',
  backbone: 'backbone + FPN',
  rpn: 'RPN + proposal selection (top-k, NMS)',
  box_head: 'box RoIAlign + box head',
  detections: 'detection post-processing (softmax, decode, NMS)',
  mask_head: 'mask RoIAlign + mask head',
  paste: 'paste masks into the image',
  other: 'other (layout reorders)',
};

/** Share of the kernel time spent in post-processing proper: detection selection/NMS and mask pasting. */
export function postprocessingPercent(split: PhaseSplit): number {
  return split.phases.filter((p) => p.phase === 'detections' || p.phase === 'paste').reduce((s, p) => s + p.percent, 0);
}

export function renderPhaseSplit(split: PhaseSplit): string[] {
  const table = renderTable(
    ['phase', 'ms per call', '% of kernel time'],
    split.phases.map((p) => [PHASE_LABELS[p.phase] ?? p.phase, fixed(p.msPerRun, 1), fixed(p.percent, 1)]),
    ['left', 'right', 'right'],
  );
  return [
    `phases (mean of ${split.runs} profiled calls, warm-up dropped; ${fixed(split.totalMsPerRun, 1)} ms of kernels per call):`,
    table,
    `post-processing (detection NMS + mask paste): ${fixed(postprocessingPercent(split), 1)} % of the kernel time`,
  ];
}

/** Lines for the phase split, or one saying why there is none. `skipRuns`: warm-up calls to drop. */
export function phaseReport(tracePath: string | undefined, skipRuns: number): string[] {
  if (!tracePath) return ['phase split: no trace found'];
  const split = phaseTimes(readTraceFile(tracePath), { skipRuns });
  if (split.runs === 0) return ['phase split: the trace holds no timed call'];
  return renderPhaseSplit(split);
}
