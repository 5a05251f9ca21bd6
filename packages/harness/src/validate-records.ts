/** The two records a `validate` run writes: the fp32 reference, and the candidate with the agreement and verdict. */
import type { BackendInfo, ModelInfo, ProfileInfo, RunConfig, RunRecord } from '@modelbench/core';
import { buildRecord } from './run-record.ts';

export interface ValidateSide {
  model: ModelInfo;
  backend: BackendInfo;
  profile?: ProfileInfo | null;
}

export interface ValidateRecordParts {
  workload: string;
  startedAt: Date;
  reference: ValidateSide;
  candidate: ValidateSide;
  config?: RunConfig | null;
  agreement: Record<string, unknown>;
  /** the verdict's failures (empty when within thresholds) and any other warnings */
  warnings: string[];
}

export function validateRecords(p: ValidateRecordParts): RunRecord[] {
  const common = { mode: 'validate' as const, workload: p.workload, startedAt: p.startedAt, config: p.config ?? null };
  return [
    buildRecord({ ...common, model: p.reference.model, backend: p.reference.backend, profile: p.reference.profile ?? null, agreement: { role: 'reference' } }),
    buildRecord({ ...common, model: p.candidate.model, backend: p.candidate.backend, profile: p.candidate.profile ?? null, agreement: p.agreement, warnings: p.warnings }),
  ];
}
