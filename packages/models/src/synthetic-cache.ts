/**
 * Generated models, built once and reused: `<cacheDir>/synthetic/<workload>-v<builder version>-<options key>.onnx`
 * with a JSON sidecar holding its sha256, size, parameter and MAC counts and details, so a cache hit needs no
 * rebuild. Both files are written atomically (temp file, then rename), the model first and the sidecar last, so a
 * sidecar always describes a complete model. A lock keeps two processes from building the same model at once.
 */
import { constants as fsConstants, readFileSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { BenchError, writeFileAtomic } from '@modelbench/core';
import type { WorkloadId } from './catalogue/types.ts';
import { resolveCacheDir } from './cache-dir.ts';
import { sha256Bytes } from './download/hash-file.ts';
import { withLock, type LockOptions } from './download/lock.ts';
import { getSyntheticBuilder, type SyntheticOptions } from './synthetic-registry.ts';

export interface SyntheticSidecar {
  workload: WorkloadId;
  builderVersion: number;
  options: SyntheticOptions;
  id: string;
  architecture: string;
  sha256: string;
  sizeBytes: number;
  parameters: number;
  macsPerSample: number;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface SyntheticArtifact extends SyntheticSidecar {
  path: string;
  /** true when it came from the cache, false when it was built now */
  cacheHit: boolean;
}

export interface GetSyntheticOptions {
  /** default: resolveCacheDir() (MODELBENCH_CACHE_DIR, else <repo>/.modelbench/models) */
  cacheDir?: string | undefined;
  options?: SyntheticOptions;
  /** rebuild even when cached */
  force?: boolean;
  lock?: LockOptions;
}

export function syntheticDir(cacheDir: string): string {
  return join(cacheDir, 'synthetic');
}

/** JSON with object keys sorted at every depth, so equal options give equal keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    if (ArrayBuffer.isView(value)) throw new BenchError('USAGE', 'synthetic model options must be JSON values, not typed arrays');
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A short hash of the canonical options; `default` when there are none. */
export function optionsKey(options: SyntheticOptions): string {
  const canonical = canonicalJson(options);
  if (canonical === '{}') return 'default';
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

export function syntheticPaths(cacheDir: string, workload: string, version: number, options: SyntheticOptions): { model: string; sidecar: string; lock: string } {
  const base = join(syntheticDir(cacheDir), `${workload}-v${version}-${optionsKey(options)}`);
  return { model: `${base}.onnx`, sidecar: `${base}.json`, lock: `${base}.lock` };
}

/** The cached artifact when model and sidecar agree (sidecar parses, model has the recorded size), else undefined. */
export async function readSyntheticCache(paths: { model: string; sidecar: string }): Promise<SyntheticArtifact | undefined> {
  let side: SyntheticSidecar;
  try {
    side = JSON.parse(readFileSync(paths.sidecar, 'utf8')) as SyntheticSidecar;
  } catch {
    return undefined;
  }
  const size = await fs.stat(paths.model).then((s) => s.size, () => -1);
  if (size !== side.sizeBytes || typeof side.parameters !== 'number' || typeof side.macsPerSample !== 'number') return undefined;
  return { ...side, path: paths.model, cacheHit: true };
}

/** `/models is not writable (read-only file system)`: the cause named when a folder refuses new files (errno code). */
export function folderNotWritableCause(dir: string, code: string | undefined): string {
  return `${dir} is not writable (${code === 'EROFS' ? 'read-only file system' : code ?? 'access denied'})`;
}

/** The message of the error a model cache that cannot be written raises (the image's build-test expects exactly it). */
export function cacheNotWritableMessage(folder: string, cause: string): string {
  return `cannot write the model cache ${folder}: ${cause}`;
}

/** Why the nearest existing ancestor of `path` cannot take new files (read-only mount, permissions), if it cannot. */
async function nearestFolderProblem(path: string): Promise<string | undefined> {
  let dir = path;
  for (;;) {
    const exists = await fs.stat(dir).then(() => true, () => false);
    if (exists) break;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  try {
    await fs.access(dir, fsConstants.W_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return folderNotWritableCause(dir, code);
  }
}

export async function getSyntheticModel(workload: string, o: GetSyntheticOptions): Promise<SyntheticArtifact> {
  const builder = getSyntheticBuilder(workload);
  const options = o.options ?? {};
  const cacheDir = o.cacheDir ?? resolveCacheDir();
  const paths = syntheticPaths(cacheDir, builder.workload, builder.version, options);
  if (!o.force) {
    const hit = await readSyntheticCache(paths);
    if (hit) return hit;
  }
  try {
    await fs.mkdir(syntheticDir(cacheDir), { recursive: true });
    await fs.access(syntheticDir(cacheDir), fsConstants.W_OK);
  } catch (e) {
    // Node's recursive mkdir says ENOENT under a read-only mount; name the real cause from the nearest existing folder.
    const cause = await nearestFolderProblem(syntheticDir(cacheDir));
    throw new BenchError('IO', cacheNotWritableMessage(syntheticDir(cacheDir), cause ?? String((e as NodeJS.ErrnoException).code ?? e)), {
      hint: 'choose a writable folder with --cache-dir or MODELBENCH_CACHE_DIR (a read-only cache works only when it already holds the models)',
      cause: e,
    });
  }
  return withLock(paths.lock, o.lock ?? {}, async () => {
    if (!o.force) {
      const hit = await readSyntheticCache(paths); // another process may have built it while we waited
      if (hit) return hit;
    }
    const model = builder.build(options);
    const side: SyntheticSidecar = {
      workload: builder.workload,
      builderVersion: builder.version,
      options,
      id: model.id,
      architecture: model.architecture,
      sha256: sha256Bytes(model.bytes),
      sizeBytes: model.bytes.length,
      parameters: model.parameters,
      macsPerSample: model.macsPerSample,
      details: model.details ?? {},
      createdAt: new Date().toISOString(),
    };
    writeFileAtomic(paths.model, model.bytes);
    writeFileAtomic(paths.sidecar, JSON.stringify(side, null, 2) + '\n');
    return { ...side, path: paths.model, cacheHit: false };
  });
}
