/** Rescoring one SQuAD accuracy run from its manifest: the dev JSON reloaded and hash-checked, subset re-cut. */
import { loadSquadDataset, type SquadDataset, type SquadQuestion } from '../squad/dataset.ts';
import { evaluateSquadV1, questionScoresV1, type QuestionScore } from '../squad/metrics-v1.ts';
import { evaluateSquadV2, rawScoresV2 } from '../squad/metrics-v2.ts';
import { checkPredictionsBelong, loadNoAnswerProbs, loadSquadPredictions } from '../squad/predictions.ts';
import { manifestFile, sha256OfFile, type AccuracyManifest } from './manifest.ts';
import { groundTruthMismatch, type GroundTruthOverride } from './score-imagenet.ts';
import { applySubset, selectSubset } from './subset.ts';

export function loadSquadGroundTruth(m: AccuracyManifest, manifestPath: string, o: GroundTruthOverride): SquadDataset {
  const path = o.data ?? m.dataset.path;
  const ds = loadSquadDataset(path);
  const sha = sha256OfFile(path);
  if (sha !== m.dataset.sha256) throw groundTruthMismatch(manifestPath, m, path, sha);
  return ds;
}

/** The manifest's `dataset` block for a SQuAD dev JSON (what an accuracy run records). */
export function squadDatasetIdentity(ds: SquadDataset, path: string): AccuracyManifest['dataset'] {
  return { path, annotations: path, sha256: sha256OfFile(path), total: ds.questions.length, layout: String(ds.major) };
}

export interface SquadRun {
  questions: SquadQuestion[];
  predictions: Map<string, string>;
  perQuestion: Map<string, QuestionScore>;
  /** percent; v2 adds the HasAns/NoAns splits and, with na_prob.json, the best-threshold figures */
  metrics: Record<string, number>;
  count: number;
  version: 1 | 2;
  unanswered: number;
}

export function scoreSquadRun(m: AccuracyManifest, dir: string, ds: SquadDataset): SquadRun {
  const subset = selectSubset(ds.questions.length, m.subset);
  const questions = applySubset(ds.questions, subset);
  const file = manifestFile(dir, m.files.predictions);
  const predictions = loadSquadPredictions(file);
  checkPredictionsBelong(predictions.keys(), questions, `predictions ${file}`, `the scored questions of ${m.dataset.path}`);
  const version: 1 | 2 = m.dataset.layout === '1' ? 1 : m.dataset.layout === '2' ? 2 : ds.major;
  if (version === 1) {
    const s = evaluateSquadV1(questions, predictions);
    const perQuestion = new Map(questionScoresV1(questions, predictions).map((q) => [q.id, q] as const));
    return { questions, predictions, perQuestion, metrics: { exact_match: s.exactMatch, f1: s.f1 }, count: s.total, version, unanswered: s.unanswered.length };
  }
  const naProbs = m.files.naProbs ? loadNoAnswerProbs(manifestFile(dir, m.files.naProbs)) : undefined;
  if (naProbs) checkPredictionsBelong(naProbs.keys(), questions, `no-answer probabilities of ${file}`, `the scored questions of ${m.dataset.path}`);
  const s = evaluateSquadV2(questions, predictions, naProbs ? { naProbs } : {});
  const raw = rawScoresV2(questions, predictions);
  const perQuestion = new Map(questions.map((q) => [q.id, { id: q.id, exact: raw.exact.get(q.id) as number, f1: raw.f1.get(q.id) as number }] as const));
  const metrics: Record<string, number> = { exact: s.exact, f1: s.f1 };
  if (s.hasAns) Object.assign(metrics, { HasAns_exact: s.hasAns.exact, HasAns_f1: s.hasAns.f1 });
  if (s.noAns) Object.assign(metrics, { NoAns_exact: s.noAns.exact, NoAns_f1: s.noAns.f1 });
  if (s.best) Object.assign(metrics, { best_exact: s.best.exact, best_exact_thresh: s.best.exactThreshold, best_f1: s.best.f1, best_f1_thresh: s.best.f1Threshold });
  return { questions, predictions, perQuestion, metrics, count: s.total, version, unanswered: 0 };
}
