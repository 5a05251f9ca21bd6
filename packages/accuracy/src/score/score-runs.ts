/**
 * The `score` step: one accuracy run (its manifest folder), or a candidate and its fp32 reference, rescored from the
 * saved predictions and the ground truth alone. Everything is read and checked before anything is reported, so bad
 * input fails with one line and leaves no output behind.
 */
import { BenchError } from '@modelbench/core';
import * as coco from '../coco/index.ts';
import { imagenetChanges, squadChanges, type ImagenetChange, type SquadChange } from './changes.ts';
import { manifestFile, readManifest, sha256OfFile, type AccuracyManifest, type AccuracyTask } from './manifest.ts';
import { accuracyVerdict, type AccuracyVerdict } from './rule.ts';
import { groundTruthMismatch, loadImagenetGroundTruth, scoreImagenetRun, type GroundTruthOverride, type ImagenetRun } from './score-imagenet.ts';
import { loadSquadGroundTruth, scoreSquadRun, type SquadRun } from './score-squad.ts';
import { applySubset, selectSubset } from './subset.ts';

export interface ScoredRun {
  manifestPath: string;
  dir: string;
  manifest: AccuracyManifest;
  /** metric name → value (percent, except thresholds), in display order */
  metrics: Record<string, number>;
  count: number;
  notes: string[];
}

/** What a record says of one scored run folder: its manifest, what made it, and its scores (the accuracy record adds
 * the backend that ran, the score record the notes). */
export function scoredRunSummary(x: ScoredRun) {
  return {
    manifest: x.manifestPath,
    precision: x.manifest.precision,
    precisionMode: x.manifest.precisionMode,
    model: x.manifest.model,
    metrics: x.metrics,
    count: x.count,
  };
}

export interface ScoreReport {
  task: AccuracyTask;
  candidate: ScoredRun;
  reference: ScoredRun | null;
  /** the metrics the accuracy rule is applied to (MLPerf: top-1; F1; bbox AP and, for masks, segm AP) */
  ruleMetrics: string[];
  verdicts: AccuracyVerdict[];
  changes: { kind: 'imagenet-top1'; items: ImagenetChange[] } | { kind: 'squad-answer'; items: SquadChange[] } | { kind: 'coco-detections'; items: coco.CocoChange[]; minScore: number; iou: number } | null;
}

export interface ScoreOptions extends GroundTruthOverride {
  candidate: string;
  reference?: string;
  /** fraction of the reference each rule metric must reach */
  fraction: number;
}

type Scored = { run: ScoredRun; imagenet?: ImagenetRun; squad?: SquadRun; coco?: { images: coco.CocoImage[]; results: coco.CocoResult[] } };

function cocoIouTypes(m: AccuracyManifest): coco.CocoIouType[] {
  const flag = m.flags.iouTypes;
  if (typeof flag === 'string' && flag !== '') return flag.split(',') as coco.CocoIouType[];
  return m.workload === 'maskrcnn' ? ['bbox', 'segm'] : ['bbox'];
}

function scoreOne(pathOrDir: string, o: GroundTruthOverride): Scored {
  const { manifest: m, path, dir } = readManifest(pathOrDir);
  const base = { manifestPath: path, dir, manifest: m };
  if (m.task === 'imagenet') {
    const ds = loadImagenetGroundTruth(m, path, o);
    const r = scoreImagenetRun(m, dir, ds);
    return { run: { ...base, metrics: { 'top-1': r.metrics.top1, 'top-5': r.metrics.top5 }, count: r.count, notes: [] }, imagenet: r };
  }
  if (m.task === 'squad') {
    const ds = loadSquadGroundTruth(m, path, o);
    const r = scoreSquadRun(m, dir, ds);
    return { run: { ...base, metrics: r.metrics, count: r.count, notes: r.notes }, squad: r };
  }
  const annotationsPath = o.data ?? m.dataset.path;
  const sha = sha256OfFile(annotationsPath);
  if (sha !== m.dataset.sha256) throw groundTruthMismatch(path, m, annotationsPath, sha);
  // the run's images only (pycocotools' params.imgIds, as MLPerf's accuracy-coco.py sets it), in the file's order
  let images: coco.CocoImage[] = [];
  const scored = coco.scoreCocoDetailed({
    annotationsPath,
    resultsPath: manifestFile(dir, m.files.predictions),
    iouTypes: cocoIouTypes(m),
    subsetImages: (all) => (images = applySubset(all, selectSubset(all.length, m.subset))),
  });
  const evals = scored.evaluations;
  const metrics: Record<string, number> = {};
  for (const e of evals) for (const [k, v] of Object.entries(e.stats)) metrics[`${e.iouType} ${k}`] = v < 0 ? -1 : 100 * v;
  const notes = [...(m.subset.offset > 0 || m.subset.limit !== null ? ['COCO is scored over the subset\'s images only (pycocotools params.imgIds)'] : []), ...scored.notes];
  return { run: { ...base, metrics, count: evals[0]?.imageIds.length ?? 0, notes }, coco: { images, results: scored.results } };
}

function ruleMetricsOf(task: AccuracyTask, m: AccuracyManifest): string[] {
  if (task === 'imagenet') return ['top-1'];
  if (task === 'squad') return ['f1'];
  return cocoIouTypes(m).map((t) => `${t} AP`);
}

function sameSamples(c: AccuracyManifest, r: AccuracyManifest, cPath: string, rPath: string): void {
  const differs: string[] = [];
  if (c.task !== r.task) differs.push(`task ${r.task} vs ${c.task}`);
  if (c.dataset.sha256 !== r.dataset.sha256) differs.push('ground truth');
  if (c.subset.offset !== r.subset.offset || c.subset.limit !== r.subset.limit) {
    differs.push(`subset offset ${r.subset.offset} limit ${r.subset.limit} vs offset ${c.subset.offset} limit ${c.subset.limit}`);
  }
  if (differs.length > 0) {
    throw new BenchError('BAD_INPUT', `${rPath} and ${cPath} were not run on the same samples (${differs.join('; ')})`, {
      hint: 'rerun the reference with the same data set, --offset and --limit as the candidate',
    });
  }
}

export function scoreRuns(o: ScoreOptions): ScoreReport {
  const cand = scoreOne(o.candidate, o);
  const ref = o.reference === undefined ? null : scoreOne(o.reference, o);
  const task = cand.run.manifest.task;
  if (ref) sameSamples(cand.run.manifest, ref.run.manifest, cand.run.manifestPath, ref.run.manifestPath);
  const ruleMetrics = ruleMetricsOf(task, cand.run.manifest);
  const verdicts = ref ? ruleMetrics.map((k) => accuracyVerdict(k, ref.run.metrics[k] ?? 0, cand.run.metrics[k] ?? 0, o.fraction)) : [];
  let changes: ScoreReport['changes'] = null;
  if (ref?.imagenet && cand.imagenet) {
    changes = { kind: 'imagenet-top1', items: imagenetChanges(cand.imagenet.samples, ref.imagenet.predictions, cand.imagenet.predictions) };
  } else if (ref?.squad && cand.squad) {
    const ids = cand.squad.questions.map((q) => q.id);
    changes = { kind: 'squad-answer', items: squadChanges(ids, ref.squad.predictions, cand.squad.predictions, ref.squad.perQuestion, cand.squad.perQuestion) };
  } else if (ref?.coco && cand.coco) {
    const minScore = cand.run.manifest.flags['change-score'];
    const o = { ...coco.DEFAULT_CHANGE_OPTIONS, ...(typeof minScore === 'number' ? { minScore } : {}) };
    changes = { kind: 'coco-detections', items: coco.cocoChanges(cand.coco.images, ref.coco.results, cand.coco.results, o), ...o };
  }
  return { task, candidate: cand.run, reference: ref?.run ?? null, ruleMetrics, verdicts, changes };
}
