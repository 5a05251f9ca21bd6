/**
 * The one record a `validate` run writes: the candidate's model and backend at the top (what the run measured), both
 * sessions, the agreement and the verdict in its `validate` section.
 */
import type { SutHost } from './modes/accuracy-sut.ts';
import { buildRecord, type BackendInfo, type ModelInfo, type OkRecord, type ProfileInfo, type RunConfig, type RunRecord } from '@modelbench/core';

export interface ValidateSide {
  model: ModelInfo;
  backend: BackendInfo;
  profile?: ProfileInfo | null;
}

type ValidateAgreement = NonNullable<OkRecord['validate']>['agreement'];

export interface ValidateRecordParts {
  workload: string;
  startedAt: Date;
  /** what was set against what: 'fp32 vs bf16 (emulated)' */
  compared: string;
  samples: number;
  /** how the SUT both sessions ran in was hosted */
  sut: SutHost;
  reference: ValidateSide;
  candidate: ValidateSide;
  config?: RunConfig | null;
  agreement: ValidateAgreement;
  /** the verdict's failures, one phrase each (empty when within thresholds) */
  failures: string[];
  /** other warnings of the run (threads, adapters, sessions) */
  warnings: string[];
}

const side = (s: ValidateSide) => ({ model: s.model, backend: s.backend, profile: s.profile ?? null });

export function validateRecord(p: ValidateRecordParts): RunRecord {
  const record = buildRecord({
    mode: 'validate',
    workload: p.workload,
    startedAt: p.startedAt,
    config: p.config ?? null,
    model: p.candidate.model,
    backend: p.candidate.backend,
    profile: p.candidate.profile ?? null,
    warnings: [...p.warnings, ...p.failures],
  });
  const validate = {
    compared: p.compared,
    samples: p.samples,
    sut: p.sut,
    reference: side(p.reference),
    candidate: side(p.candidate),
    agreement: p.agreement,
    verdict: p.agreement.passed ? ('PASS' as const) : ('FAIL' as const),
    failures: p.failures,
  };
  return { ...record, validate };
}
