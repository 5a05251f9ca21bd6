/**
 * `score` on the standard files directly, in the reference tools' vocabulary — no manifest, no run folder:
 * - COCO: `--annotations instances_val2017.json --results detections.json [--iou-type bbox|segm]` (pycocotools'
 *   `COCO(annotations).loadRes(results)` + `COCOeval(gt, dt, iouType)`), the 12 stats printed as COCOeval prints them;
 * - SQuAD: `--dataset dev-v2.0.json --predictions predictions.json [--na-prob-file na_prob.json --na-prob-thresh 1.0]`
 *   (evaluate-v1.1.py or evaluate-v2.0.py, chosen by the file: v2.0 when its version says so or a question has no
 *   answer), the metrics printed as the script's JSON;
 * - ImageNet: `--labels val_map.txt --predictions top5.jsonl`: `file label` lines, and one JSON object a line
 *   `{"file": "<path as in the labels file>", "topk": [class, …]}` (best first; "logits" optional), top-1 and top-5.
 * What the reference tools accept is accepted and said in one note line (results of categories the annotations do
 * not list, categories numbered or named otherwise than COCO, prediction ids the data set does not hold).
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';
import { formatCocoStats, scoreCocoDetailed, type CocoIouType, type CocoStats } from '../coco/index.ts';
import { parseLabelsFile } from '../imagenet/dataset.ts';
import { scoreImagenet } from '../imagenet/metrics.ts';
import { checkImagenetPrediction, type ImagenetPrediction } from '../imagenet/predictions.ts';
import { readJsonlFile } from './jsonl.ts';
import { scoreSquadFiles } from './score-squad.ts';

export interface FileScore {
  task: 'coco' | 'squad' | 'imagenet';
  /** the files scored, by role */
  files: Record<string, string>;
  /** metric → value: percent for COCO ("bbox AP") and ImageNet, the scripts' own figures for SQuAD */
  metrics: Record<string, number>;
  count: number;
  notes: string[];
  /** the lines that state the result as the reference tool prints it */
  printed: string[];
}

export const IOU_TYPES: readonly CocoIouType[] = ['bbox', 'segm'];

export function parseIouType(v: string | undefined): CocoIouType {
  if (v === undefined) return 'bbox';
  if (!(IOU_TYPES as readonly string[]).includes(v)) throw new BenchError('USAGE', `--iou-type must be bbox or segm, got '${v}'`, { hint: 'pycocotools scores one iouType at a time: --iou-type bbox or --iou-type segm' });
  return v as CocoIouType;
}

export function scoreCocoFiles(o: { annotations: string; results: string; iouType: CocoIouType }): FileScore {
  const scored = scoreCocoDetailed({ annotationsPath: o.annotations, resultsPath: o.results, iouTypes: [o.iouType] });
  const e = scored.evaluations[0]!;
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(e.stats)) metrics[`${o.iouType} ${k}`] = v;
  return {
    task: 'coco',
    files: { annotations: o.annotations, results: o.results },
    metrics,
    count: e.imageIds.length,
    notes: [`COCOeval ${o.iouType}: ${e.imageIds.length} images, ${e.categoryIds.length} categories, ${scored.results.length} results (pycocotools' default parameters)`, ...scored.notes],
    printed: formatCocoStats(e.stats as CocoStats, e.accumulated.params),
  };
}

/** The official scripts' output order: exact, f1, total, HasAns_*, NoAns_*, best_* (v2.0); exact_match, f1 (v1.1). */
function squadJson(metrics: Record<string, number>, counts: { total: number; hasAns: number; noAns: number }, version: 1 | 2): Record<string, number> {
  if (version === 1) return { exact_match: metrics.exact_match!, f1: metrics.f1! };
  const out: Record<string, number> = { exact: metrics.exact!, f1: metrics.f1!, total: counts.total };
  if (metrics.HasAns_exact !== undefined) Object.assign(out, { HasAns_exact: metrics.HasAns_exact, HasAns_f1: metrics.HasAns_f1, HasAns_total: counts.hasAns });
  if (metrics.NoAns_exact !== undefined) Object.assign(out, { NoAns_exact: metrics.NoAns_exact, NoAns_f1: metrics.NoAns_f1, NoAns_total: counts.noAns });
  for (const k of ['best_exact', 'best_exact_thresh', 'best_f1', 'best_f1_thresh']) if (metrics[k] !== undefined) out[k] = metrics[k];
  return out;
}

export function scoreSquadStandardFiles(o: { dataset: string; predictions: string; naProbFile?: string; naProbThreshold?: number }): FileScore {
  const r = scoreSquadFiles(o);
  if (r.version === 1 && (o.naProbFile !== undefined || o.naProbThreshold !== undefined)) {
    throw new BenchError('USAGE', `${o.dataset} is a SQuAD v1.1 file; --na-prob-file and --na-prob-thresh are evaluate-v2.0.py options`, { hint: 'drop them, or score a v2.0 dev file' });
  }
  const hasAns = r.questions.filter((q) => q.hasAnswer).length;
  const json = squadJson(r.metrics, { total: r.count, hasAns, noAns: r.count - hasAns }, r.version);
  return {
    task: 'squad',
    files: { dataset: o.dataset, predictions: o.predictions, ...(o.naProbFile ? { naProbs: o.naProbFile } : {}) },
    metrics: json,
    count: r.count,
    notes: r.notes,
    printed: JSON.stringify(json, null, 2).split('\n'),
  };
}

export function scoreImagenetFiles(o: { labels: string; predictions: string }): FileScore {
  let text: string;
  try {
    text = readFileSync(o.labels, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BenchError('BAD_INPUT', `labels file ${o.labels}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`, { hint: 'check the --labels path (val_map.txt: `file label` lines)' });
  }
  const samples = parseLabelsFile(text, o.labels, Number.MAX_SAFE_INTEGER);
  if (samples.length === 0) throw new BenchError('BAD_INPUT', `labels file ${o.labels} lists no images`, { hint: 'write one `file label` line per image' });
  const predictions = new Map<string, ImagenetPrediction>();
  for (const p of readJsonlFile(o.predictions, checkImagenetPrediction)) {
    const file = p.file.replace(/\\/g, '/');
    if (predictions.has(file)) throw new BenchError('BAD_INPUT', `predictions ${o.predictions}: ${file} is predicted twice`, { hint: 'write one line per image' });
    predictions.set(file, { ...p, file });
  }
  const s = scoreImagenet(samples, predictions, `predictions ${o.predictions}`);
  return {
    task: 'imagenet',
    files: { labels: o.labels, predictions: o.predictions },
    metrics: { 'top-1': s.top1, 'top-5': s.top5 },
    count: s.count,
    notes: [`top-1: topk[0] is the label; top-5: the label is among topk[:5] (torchvision references' accuracy(topk=(1, 5)))`],
    printed: [`top-1 ${s.top1.toFixed(3)} % (${s.top1Correct} of ${s.count})`, `top-5 ${s.top5.toFixed(3)} % (${s.top5Correct} of ${s.count})`],
  };
}

export function formatFileScore(r: FileScore): string[] {
  const files = Object.entries(r.files).map(([k, v]) => `${k} ${v}`).join(', ');
  return [`task ${r.task} — ${files}: ${r.count} scored`, ...r.notes.map((n) => `note: ${n}`), '', ...r.printed];
}
