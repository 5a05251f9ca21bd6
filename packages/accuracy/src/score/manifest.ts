/**
 * The manifest an accuracy run writes beside its predictions (`manifest.json`): what produced them (model identity
 * and sha256, precision, flags), what they are predictions of (task, data set path and the sha256 of its ground
 * truth: labels listing, SQuAD JSON or COCO annotations), and which samples (offset, limit, count). The `score`
 * step trusts nothing else: it reloads the ground truth, checks that its hash equals the manifest's, and recomputes
 * the metrics from the saved predictions.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { BenchError, writeFileAtomic } from '@modelbench/core';

export const MANIFEST_SCHEMA = 'modelbench.accuracy-manifest/1';
export const MANIFEST_FILE = 'manifest.json';

export type AccuracyTask = 'imagenet' | 'squad' | 'coco';
export const ACCURACY_TASKS: readonly AccuracyTask[] = ['imagenet', 'squad', 'coco'];

export interface AccuracyManifest {
  schema: typeof MANIFEST_SCHEMA;
  task: AccuracyTask;
  workload: string;
  model: { id: string | null; path: string; sha256: string };
  /** 'fp32', 'bf16', … and how bf16 ran */
  precision: string;
  precisionMode: 'native' | 'emulated' | null;
  dataset: {
    /** the data set folder or file as given */
    path: string;
    /** the labels file, synset list, SQuAD JSON or COCO annotations file */
    annotations: string;
    /** sha256 of the ground truth (ImageNet: the `file label` listing; SQuAD, COCO: the file's bytes) */
    sha256: string;
    /** samples in the whole data set */
    total: number;
    /** ImageNet: 'labels-file' | 'synset-folders'; SQuAD: '1' | '2' */
    layout: string | null;
  };
  subset: { offset: number; limit: number | null; count: number };
  /** the flags of the run that matter to its predictions (batch, preset, n-best size, …) */
  flags: Record<string, string | number | boolean | null>;
  /** file names relative to the manifest's folder */
  files: { predictions: string; naProbs?: string };
  createdAt: string;
}

export function sha256Bytes(b: string | Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

export function sha256OfFile(path: string): string {
  try {
    return sha256Bytes(readFileSync(path));
  } catch (e) {
    throw new BenchError('BAD_INPUT', `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { hint: 'check the path' });
  }
}

export function writeManifest(dir: string, m: AccuracyManifest): string {
  const path = join(dir, MANIFEST_FILE);
  writeFileAtomic(path, JSON.stringify(m, null, 2) + '\n');
  return path;
}

function badManifest(path: string, what: string): BenchError {
  return new BenchError('BAD_INPUT', `manifest ${path}: ${what}`, { hint: 'pass the folder (or manifest.json) an accuracy run wrote' });
}

/** Reads `manifest.json` from a run folder, or the manifest file itself. */
export function readManifest(pathOrDir: string): { manifest: AccuracyManifest; path: string; dir: string } {
  const abs = resolve(pathOrDir);
  const path = abs.endsWith('.json') ? abs : join(abs, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw badManifest(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`);
  }
  let m: Partial<AccuracyManifest>;
  try {
    m = JSON.parse(text) as Partial<AccuracyManifest>;
  } catch (e) {
    throw badManifest(path, `not JSON (${(e as Error).message})`);
  }
  if (m.schema !== MANIFEST_SCHEMA) throw badManifest(path, `schema is ${JSON.stringify(m.schema)}, expected ${MANIFEST_SCHEMA}`);
  if (!m.task || !ACCURACY_TASKS.includes(m.task)) throw badManifest(path, `unknown task ${JSON.stringify(m.task)} (known: ${ACCURACY_TASKS.join(', ')})`);
  if (!m.dataset || typeof m.dataset.sha256 !== 'string' || typeof m.dataset.path !== 'string') throw badManifest(path, 'no dataset identity (path, sha256)');
  if (!m.subset || !Number.isInteger(m.subset.offset) || !Number.isInteger(m.subset.count)) throw badManifest(path, 'no subset (offset, limit, count)');
  if (!m.files || typeof m.files.predictions !== 'string') throw badManifest(path, 'no predictions file named');
  return { manifest: m as AccuracyManifest, path, dir: dirname(path) };
}

/** A file named by the manifest, relative to its folder unless absolute. */
export function manifestFile(dir: string, name: string): string {
  return isAbsolute(name) ? name : join(dir, name);
}
