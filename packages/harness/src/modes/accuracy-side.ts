/**
 * One precision's folder of an accuracy run (`<out-dir>/fp32/`, `<out-dir>/bf16-emulated/`): `records.jsonl`, the
 * resumable working file (one record a sample, appended as it is predicted, of every sample ever run under this
 * identity), `manifest.json`, and, once the run finishes, the task's standard files made from the records of the
 * run's samples in data set order — ImageNet `predictions.jsonl` (top-k JSONL), SQuAD `predictions.json` (+
 * `na_prob.json` for v2.0), COCO `detections.json` — which the `score` step reads.
 *
 * A folder resumes when its manifest has the same identity (task, workload, model bytes, precision and how it ran,
 * data set path and ground truth, the flags that change predictions); the subset may differ (`--limit 2` then the
 * whole set reuses the first two). Any other folder is started afresh, with one line saying why.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BenchError, writeFileAtomic } from '@modelbench/core';
import {
  checkCocoRecord,
  checkImagenetPrediction,
  checkSquadRecord,
  readManifest,
  ResumableJsonl,
  writeCocoRunFiles,
  writeManifest,
  writeSquadRunFiles,
  MANIFEST_FILE,
  type AccuracyManifest,
  type AccuracyTask,
  type CocoImageRecord,
  type ImagenetPrediction,
  type SquadPredictionRecord,
} from '@modelbench/accuracy';
import type { AccuracyRecord } from '../accuracy-definition.ts';
import { MLPERF_ACCURACY_FILES, openResponses, type OpenedResponses } from '../mlperf-accuracy-files.ts';

export const RECORDS_FILE = 'records.jsonl';
export const IMAGENET_PREDICTIONS_FILE = 'predictions.jsonl';
/** every file a finished run leaves beside its records (removed when a run starts, so none is stale) */
const FINISHED_FILES = [IMAGENET_PREDICTIONS_FILE, 'predictions.json', 'na_prob.json', 'detections.json', 'changes.json', ...MLPERF_ACCURACY_FILES];

/** The key a record is stored and resumed under: ImageNet's file, SQuAD's question id, COCO's image id. */
export function recordKey(task: AccuracyTask, r: AccuracyRecord): string {
  if (task === 'imagenet') return (r as ImagenetPrediction).file;
  if (task === 'squad') return (r as SquadPredictionRecord).id;
  return String((r as CocoImageRecord).image_id);
}

export function recordCheck(task: AccuracyTask): (v: unknown, where: string) => AccuracyRecord {
  return task === 'imagenet' ? checkImagenetPrediction : task === 'squad' ? checkSquadRecord : checkCocoRecord;
}

/** What differs between two manifests' identities (empty: the same run), in words for the one line. */
export function identityDifferences(old: AccuracyManifest, now: AccuracyManifest): string[] {
  const d: string[] = [];
  if (old.task !== now.task || old.workload !== now.workload) d.push(`workload ${old.workload}/${old.task}`);
  if (old.model.sha256 !== now.model.sha256) d.push(`model ${old.model.id ?? old.model.path} (sha256 ${old.model.sha256.slice(0, 12)}…)`);
  if (old.precision !== now.precision || old.precisionMode !== now.precisionMode) d.push(`precision ${old.precision}${old.precisionMode ? ` (${old.precisionMode})` : ''}`);
  if (resolve(old.dataset.path) !== resolve(now.dataset.path) || old.dataset.sha256 !== now.dataset.sha256) d.push(`data set ${old.dataset.path} (ground truth ${old.dataset.sha256.slice(0, 12)}…)`);
  const keys = new Set([...Object.keys(old.flags), ...Object.keys(now.flags)]);
  for (const k of [...keys].sort()) if (old.flags[k] !== now.flags[k]) d.push(`${k} ${JSON.stringify(old.flags[k] ?? null)}`);
  return d;
}

export interface OpenedSide {
  dir: string;
  manifest: AccuracyManifest;
  file: ResumableJsonl<AccuracyRecord>;
  /** every record in the file, by key */
  records: Map<string, AccuracyRecord>;
  /** why an earlier folder was not resumed (one line), or null */
  restartNote: string | null;
  /** the MLPerf responses of every sample run (mlperf_responses.jsonl), when the workload logs them */
  responses: OpenedResponses | null;
}

function clear(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch (e) {
    throw new BenchError('IO', `cannot clear ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'choose a writable --out-dir' });
  }
}

/** The reason `dir` cannot be resumed under `manifest`, or null when it can (or holds nothing). */
function staleReason(dir: string, manifest: AccuracyManifest): string | null {
  if (!existsSync(join(dir, RECORDS_FILE))) return null;
  if (!existsSync(join(dir, MANIFEST_FILE))) return 'it has predictions but no manifest';
  let old: AccuracyManifest;
  try {
    old = readManifest(dir).manifest;
  } catch (e) {
    return `its manifest is unreadable (${(e as Error).message})`;
  }
  const d = identityDifferences(old, manifest);
  return d.length === 0 ? null : `it holds predictions of a different run (${d.join('; ')})`;
}

/** Opens (resuming or starting) one side's folder; writes its manifest; removes the files of a finished earlier run. */
export function openSide(dir: string, manifest: AccuracyManifest, fresh: boolean, mlperf = false): OpenedSide {
  let restartNote: string | null = null;
  if (fresh) {
    if (existsSync(dir)) clear(dir);
  } else {
    const reason = staleReason(dir, manifest);
    if (reason) {
      restartNote = `${dir}: ${reason} — starting afresh`;
      clear(dir);
    }
  }
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of FINISHED_FILES) rmSync(join(dir, f), { force: true });
  } catch (e) {
    throw new BenchError('IO', `cannot create ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'choose a writable --out-dir' });
  }
  writeManifest(dir, manifest);
  const task = manifest.task;
  const { file, records } = ResumableJsonl.open<AccuracyRecord>(join(dir, RECORDS_FILE), (r) => recordKey(task, r), recordCheck(task));
  return { dir, manifest, file, records: new Map(records.map((r) => [recordKey(task, r), r] as const)), restartNote, responses: mlperf ? openResponses(dir) : null };
}

/**
 * Writes the standard files from the records of `keys` (the run's samples, in data set order) and the manifest
 * naming them. Every key must have a record.
 */
export function finishSide(side: OpenedSide, keys: readonly string[]): AccuracyManifest {
  const picked = keys.map((k) => {
    const r = side.records.get(k);
    if (!r) throw new BenchError('INTERNAL', `${side.dir}: no prediction for ${k}`);
    return r;
  });
  const task = side.manifest.task;
  let files: AccuracyManifest['files'];
  if (task === 'imagenet') {
    writeFileAtomic(join(side.dir, IMAGENET_PREDICTIONS_FILE), picked.map((r) => JSON.stringify(r) + '\n').join(''));
    files = { predictions: IMAGENET_PREDICTIONS_FILE };
  } else if (task === 'squad') {
    files = writeSquadRunFiles(side.dir, picked as SquadPredictionRecord[]);
  } else {
    files = writeCocoRunFiles(side.dir, picked as CocoImageRecord[]);
  }
  const manifest: AccuracyManifest = { ...side.manifest, files, createdAt: new Date().toISOString() };
  writeManifest(side.dir, manifest);
  return manifest;
}
