/** The flags every workload's `accuracy` shares; workloads add their own (data set options, pre-processing). */
import type { FlagSpecs } from '@modelbench/core';
import { backendFlags, modelFlags } from '../flags.ts';

export const accuracyFlags = {
  ...modelFlags,
  ...backendFlags,
  dataset: { kind: 'string', value: 'DIR|FILE', description: 'the data set: an ImageNet-style folder, a SQuAD dev JSON, a COCO folder (see the workload)' },
  offset: { kind: 'int', default: 0, description: 'skip this many samples of the data set first' },
  limit: { kind: 'positiveInt', description: 'run at most this many samples (after --offset)' },
  threshold: { kind: 'number', value: 'FRACTION', example: 0.99, description: 'the candidate must reach this fraction of fp32 (0.99, or 99 as a percentage; default 0.99)' },
  'high-accuracy': { kind: 'boolean', description: 'MLPerf\'s high-accuracy rule: 99.9 % of fp32' },
  fresh: { kind: 'boolean', description: 'start over: discard the predictions of an earlier (interrupted) run in --out-dir' },
  'max-changes': { kind: 'int', default: 20, description: 'changed samples listed in the output (all are saved in changes.json)' },
  'out-dir': { kind: 'string', value: 'DIR', default: 'out/accuracy/WORKLOAD', description: 'where fp32/ and the candidate\'s predictions and manifests go (a run resumes there)' },
  json: { kind: 'string', value: 'FILE', description: 'write the scores, the verdict and the changed samples as JSON' },
  quiet: { kind: 'boolean', description: 'print only the verdict line' },
} as const satisfies FlagSpecs;

export type AccuracyFlagSpecs = Omit<typeof accuracyFlags, 'out-dir'> & { 'out-dir': { kind: 'string'; value: 'DIR'; default: string; description: string } };

/** accuracy's shared flags with the workload's own out-dir default. */
export function accuracyFlagsFor(workload: string): AccuracyFlagSpecs {
  return { ...accuracyFlags, 'out-dir': { ...accuracyFlags['out-dir'], default: `out/accuracy/${workload}` } };
}
