/**
 * The one record `accuracy:score --json` writes: a status-keyed RunRecord of the core schema with mode 'score', its
 * figures in the `score` section. No model ran and no backend was opened, so `model`, `backend`, `config` and every
 * timing figure are null or empty; the run folders' models are named in the section, as their manifests state them.
 * A failure after the command line parsed writes core's error record instead (scoreMain), so a script reading the file
 * finds one record whatever happened.
 */
import { buildRecord, type OkRecord, type RunRecord } from '@modelbench/core';
import type { FileScore } from './score-files.ts';
import { overallVerdict } from './rule.ts';
import { scoredRunSummary, type ScoredRun, type ScoreReport } from './score-runs.ts';

export type ScoreResult = NonNullable<OkRecord['score']>;

/** the workload named by a standard-files record, which belongs to no workload */
export const SCORE_FILES_WORKLOAD = 'accuracy';

const side = (x: ScoredRun) => ({ ...scoredRunSummary(x), notes: x.notes });

/** The `score` section of a run folder (and its reference) rescored. */
export function scoreRunsResult(r: ScoreReport, changesFile: string | null): ScoreResult {
  const m = r.candidate.manifest;
  return {
    form: 'run',
    task: r.task,
    dataset: m.dataset,
    subset: m.subset,
    reference: r.reference ? side(r.reference) : null,
    candidate: side(r.candidate),
    ruleMetrics: r.ruleMetrics,
    rules: r.verdicts,
    verdict: overallVerdict(r.verdicts),
    changes: r.changes ? { kind: r.changes.kind, count: r.changes.items.length, file: changesFile } : null,
  };
}

/** The `score` section of standard files scored directly. */
export function scoreFilesResult(s: FileScore): ScoreResult {
  return { form: 'files', task: s.task, files: s.files, metrics: s.metrics, count: s.count, notes: s.notes };
}

export interface ScoreRecordParts {
  workload: string;
  startedAt: Date;
  score: ScoreResult;
  /** the verdict's consequence and the notes a reader should not miss */
  warnings: string[];
  timers?: Record<string, number>;
}

export function scoreRecord(p: ScoreRecordParts): RunRecord {
  const record = buildRecord({ mode: 'score', workload: p.workload, startedAt: p.startedAt, model: null, backend: null, config: null, timers: p.timers ?? {}, warnings: p.warnings });
  return { ...record, score: p.score };
}
