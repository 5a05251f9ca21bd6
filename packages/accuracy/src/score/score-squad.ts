/**
 * SQuAD scoring as the official scripts do it, over questions and the standard files (`predictions.json`,
 * `na_prob.json`): v1.1 (evaluate-v1.1.py: a question without a prediction scores 0) or v2.0 (evaluate-v2.0.py:
 * `--na-prob-thresh`, HasAns/NoAns splits, best thresholds with na_prob.json). Prediction ids the scored questions do
 * not hold are ignored, as both scripts ignore them (they walk the data set, not the predictions), and said in a
 * note. Used by the `score` step for a suite run (its manifest: the dev JSON reloaded and hash-checked, the subset
 * re-cut) and for the standard files given directly.
 */
import { loadSquadDataset, type SquadDataset, type SquadQuestion } from '../squad/dataset.ts';
import { evaluateSquadV1, questionScoresV1, type QuestionScore } from '../squad/metrics-v1.ts';
import { evaluateSquadV2, rawScoresV2 } from '../squad/metrics-v2.ts';
import { loadNoAnswerProbs, loadSquadPredictions } from '../squad/predictions.ts';
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
  /** one line each: the scoring used, ids ignored, questions scored 0 */
  notes: string[];
}

export interface SquadScoreInput {
  questions: SquadQuestion[];
  predictions: Map<string, string>;
  predictionsPath: string;
  /** what the questions are, for the notes ('dev-v2.0.json', 'the scored questions of …') */
  questionsName: string;
  version: 1 | 2;
  naProbs?: Map<string, number>;
  /** evaluate-v2.0.py's --na-prob-thresh (default 1.0) */
  naProbThreshold?: number;
}

function ignoredIds(ids: Iterable<string>, known: ReadonlySet<string>, what: string, questionsName: string, script: string): string[] {
  const foreign = [...ids].filter((id) => !known.has(id));
  if (foreign.length === 0) return [];
  return [`${foreign.length} ${what} ids are not questions of ${questionsName} (first: ${foreign[0]}): ignored, as ${script} ignores them`];
}

export function scoreSquad(s: SquadScoreInput): SquadRun {
  const { questions, predictions, version } = s;
  const known = new Set(questions.map((q) => q.id));
  const script = version === 1 ? 'evaluate-v1.1.py' : 'evaluate-v2.0.py';
  const notes = [`SQuAD v${version === 1 ? '1.1' : '2.0'} scoring (${script})`, ...ignoredIds(predictions.keys(), known, 'prediction', s.questionsName, script)];
  if (version === 1) {
    const r = evaluateSquadV1(questions, predictions);
    const perQuestion = new Map(questionScoresV1(questions, predictions).map((q) => [q.id, q] as const));
    if (r.unanswered.length > 0) notes.push(`${r.unanswered.length} questions have no prediction and score 0 (evaluate-v1.1.py's rule; first: ${r.unanswered[0]})`);
    return { questions, predictions, perQuestion, metrics: { exact_match: r.exactMatch, f1: r.f1 }, count: r.total, version, unanswered: r.unanswered.length, notes };
  }
  if (s.naProbs) notes.push(...ignoredIds(s.naProbs.keys(), known, 'no-answer probability', s.questionsName, script));
  const threshold = s.naProbThreshold ?? 1.0;
  if (threshold !== 1.0) notes.push(`--na-prob-thresh ${threshold}: a no-answer probability above it predicts "no answer"`);
  const r = evaluateSquadV2(questions, predictions, { ...(s.naProbs ? { naProbs: s.naProbs } : {}), naProbThreshold: threshold });
  const raw = rawScoresV2(questions, predictions);
  const perQuestion = new Map(questions.map((q) => [q.id, { id: q.id, exact: raw.exact.get(q.id) as number, f1: raw.f1.get(q.id) as number }] as const));
  const metrics: Record<string, number> = { exact: r.exact, f1: r.f1 };
  if (r.hasAns) Object.assign(metrics, { HasAns_exact: r.hasAns.exact, HasAns_f1: r.hasAns.f1 });
  if (r.noAns) Object.assign(metrics, { NoAns_exact: r.noAns.exact, NoAns_f1: r.noAns.f1 });
  if (r.best) Object.assign(metrics, { best_exact: r.best.exact, best_exact_thresh: r.best.exactThreshold, best_f1: r.best.f1, best_f1_thresh: r.best.f1Threshold });
  return { questions, predictions, perQuestion, metrics, count: r.total, version, unanswered: 0, notes };
}

/** Only the ids of `questions`: the scripts read predictions of the data set's questions only. */
function restrict<T>(m: Map<string, T>, questions: readonly SquadQuestion[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const q of questions) if (m.has(q.id)) out.set(q.id, m.get(q.id) as T);
  return out;
}

export function scoreSquadRun(m: AccuracyManifest, dir: string, ds: SquadDataset): SquadRun {
  const subset = selectSubset(ds.questions.length, m.subset);
  const questions = applySubset(ds.questions, subset);
  const file = manifestFile(dir, m.files.predictions);
  const version: 1 | 2 = m.dataset.layout === '1' ? 1 : m.dataset.layout === '2' ? 2 : ds.major;
  const naProbs = version === 2 && m.files.naProbs ? loadNoAnswerProbs(manifestFile(dir, m.files.naProbs)) : undefined;
  const run = scoreSquad({ questions, predictions: loadSquadPredictions(file), predictionsPath: file, questionsName: `the scored questions of ${m.dataset.path}`, version, ...(naProbs ? { naProbs } : {}) });
  return { ...run, predictions: restrict(run.predictions, questions) };
}

/** `score --dataset dev-v2.0.json --predictions predictions.json [--na-prob-file na_prob.json] [--na-prob-thresh T]` */
export function scoreSquadFiles(o: { dataset: string; predictions: string; naProbFile?: string; naProbThreshold?: number }): SquadRun {
  const ds = loadSquadDataset(o.dataset);
  const predictions = loadSquadPredictions(o.predictions);
  const naProbs = o.naProbFile ? loadNoAnswerProbs(o.naProbFile) : undefined;
  return scoreSquad({
    questions: ds.questions,
    predictions,
    predictionsPath: o.predictions,
    questionsName: o.dataset,
    version: ds.major,
    ...(naProbs ? { naProbs } : {}),
    ...(o.naProbThreshold !== undefined ? { naProbThreshold: o.naProbThreshold } : {}),
  });
}
