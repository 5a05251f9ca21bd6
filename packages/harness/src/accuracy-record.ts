/**
 * The one record an `accuracy` run writes: the model and the candidate's backend at the top, both precisions' scores
 * (recomputed from their files), the 99 % rule per metric and the verdict in its `accuracy` section.
 */
import { buildRecord, type BackendInfo, type ModelInfo, type OkRecord, type RunRecord } from '@modelbench/core';
import type { SutHost } from './modes/accuracy-sut.ts';
import { overallVerdict, scoredRunSummary, type ScoredRun, type ScoreReport } from '@modelbench/accuracy';

export interface AccuracyRecordParts {
  workload: string;
  startedAt: Date;
  /** the model as resolved (the adapter is added here) */
  model: Omit<ModelInfo, 'adapter'>;
  synthetic: boolean;
  adapter: string;
  candidateLabel: string;
  backends: { reference: BackendInfo; candidate: BackendInfo };
  resumed: number;
  outDir: string;
  /** how the SUT that made both precisions' predictions was hosted */
  sut: SutHost;
  report: ScoreReport;
  changesFile: string | null;
  warnings: string[];
}

type AccuracyResult = NonNullable<OkRecord['accuracy']>;

const scored = (x: ScoredRun, backend: BackendInfo): AccuracyResult['reference'] => ({ backend, ...scoredRunSummary(x) });

export function accuracyRecord(p: AccuracyRecordParts): RunRecord {
  const r = p.report;
  if (!r.reference) throw new Error('accuracy record: the report has no fp32 reference');
  const m = r.candidate.manifest;
  const accuracy: AccuracyResult = {
    task: r.task,
    dataset: m.dataset,
    subset: m.subset,
    synthetic: p.synthetic,
    adapter: p.adapter,
    candidateLabel: p.candidateLabel,
    resumed: p.resumed,
    outDir: p.outDir,
    sut: p.sut,
    reference: scored(r.reference, p.backends.reference),
    candidate: scored(r.candidate, p.backends.candidate),
    ruleMetrics: r.ruleMetrics,
    rules: r.verdicts,
    verdict: overallVerdict(r.verdicts),
    changes: r.changes ? { kind: r.changes.kind, count: r.changes.items.length, file: p.changesFile } : null,
  };
  const record = buildRecord({
    mode: 'accuracy',
    workload: p.workload,
    startedAt: p.startedAt,
    config: null,
    model: { ...p.model, adapter: p.adapter },
    backend: p.backends.candidate,
    warnings: p.warnings,
  });
  return { ...record, accuracy };
}
