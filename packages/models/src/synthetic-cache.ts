/**
 * Generated models, built once and reused: `<cacheDir>/synthetic/<workload>-v<builder version>-<options key>.onnx`
 * with a JSON sidecar holding its sha256, size, parameter and MAC counts and details, so a cache hit needs no
 * rebuild. Both files are written atomically (temp file, then rename), the model first and the sidecar last, so a
 * sidecar always describes a complete model. A lock keeps two processes from building the same model at once; its
 * holder removes the temp files a killed build left.
 *
 * Integrity: before a cached model is used its bytes are hashed again and compared with the sidecar's sha256 (by
 * default every time: ~0.2 s for the 265 MB BERT warm, against seconds to load a session, and it also catches a
 * change that kept size and mtime). `verify: 'when-changed'` re-hashes only when size or mtime differ from the
 * sidecar's. Bytes that do not match are said in one line on stderr and rebuilt; the sha256 returned is always that
 * of the bytes on disk now. A model written by another version of the ONNX serialization (@modelbench/onnx's
 * ONNX_SERIALIZATION_VERSION; sidecars without it are version 1) is rebuilt too, saying so, so one cache key always
 * means the same bytes on every machine.
 */
import { readFileSync, promises as fs, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { BenchError, writeFileAtomic } from '@modelbench/core';
import { ONNX_SERIALIZATION_VERSION } from '@modelbench/onnx';
import type { WorkloadId } from './catalogue/types.ts';
import { ensureWritableCacheFolder, resolveCacheDir } from './cache-dir.ts';
import { removeStrayTemps } from './cache-strays.ts';
import { sha256Bytes, sha256File } from './download/hash-file.ts';
import { withLock, type FileLock, type LockOptions } from './download/lock.ts';
import { getSyntheticBuilder, type SyntheticBuilder, type SyntheticOptions } from './synthetic-registry.ts';
import { buildSynthetic, type BuildHandle } from './synthetic-build.ts';
import { guardSyntheticInterrupt } from './synthetic-interrupt.ts';
import type { SyntheticModel } from './synthetic/types.ts';

export interface SyntheticSidecar {
  workload: WorkloadId;
  builderVersion: number;
  options: SyntheticOptions;
  id: string;
  architecture: string;
  sha256: string;
  sizeBytes: number;
  /** the model file's mtime right after it was written (absent in sidecars written before it was recorded) */
  mtimeMs?: number;
  /** the ONNX serialization that wrote the bytes (absent: 1, before it was recorded) */
  serialization?: number;
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
  /** when to re-hash a cached model before use: every time (default), or only when its size or mtime changed */
  verify?: 'always' | 'when-changed';
  /** where the one-line notes go (a rebuild of damaged bytes, temp files removed); default stderr */
  log?: (line: string) => void;
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

function readSidecar(path: string): SyntheticSidecar | undefined {
  try {
    const side = JSON.parse(readFileSync(path, 'utf8')) as SyntheticSidecar;
    if (typeof side.sha256 !== 'string' || typeof side.sizeBytes !== 'number') return undefined;
    if (typeof side.parameters !== 'number' || typeof side.macsPerSample !== 'number') return undefined;
    return side;
  } catch {
    return undefined;
  }
}

const serializationOf = (side: SyntheticSidecar): number => side.serialization ?? 1;

/**
 * The cached artifact when model and sidecar agree by size (no hashing: for listings), else undefined (also when
 * another ONNX serialization wrote it: it will be rebuilt).
 */
export async function readSyntheticCache(paths: { model: string; sidecar: string }): Promise<SyntheticArtifact | undefined> {
  const side = readSidecar(paths.sidecar);
  if (!side || serializationOf(side) !== ONNX_SERIALIZATION_VERSION) return undefined;
  const size = await fs.stat(paths.model).then((s) => s.size, () => -1);
  if (size !== side.sizeBytes) return undefined;
  return { ...side, path: paths.model, cacheHit: true };
}

export type CacheCheck =
  | { state: 'absent' }
  | { state: 'ok'; artifact: SyntheticArtifact; rehashed: boolean }
  | { state: 'mismatch'; reason: string }
  /** complete and intact, but written by another ONNX serialization */
  | { state: 'stale'; reason: string };

/**
 * Checks a cached model's bytes against its sidecar: absent (no sidecar or no model: nothing to say), ok (with the
 * sha256 of the bytes now), or mismatch (with what differs).
 */
export async function checkSyntheticCache(paths: { model: string; sidecar: string }, verify: 'always' | 'when-changed' = 'always'): Promise<CacheCheck> {
  const side = readSidecar(paths.sidecar);
  if (!side) return { state: 'absent' };
  const st = await fs.stat(paths.model).catch(() => undefined);
  if (!st) return { state: 'absent' };
  if (serializationOf(side) !== ONNX_SERIALIZATION_VERSION) {
    return { state: 'stale', reason: `written by ONNX serialization ${serializationOf(side)}, this version writes ${ONNX_SERIALIZATION_VERSION}` };
  }
  if (st.size !== side.sizeBytes) return { state: 'mismatch', reason: `${st.size} bytes, the sidecar recorded ${side.sizeBytes}` };
  const unchanged = side.mtimeMs !== undefined && st.mtimeMs === side.mtimeMs;
  if (verify === 'when-changed' && unchanged) return { state: 'ok', artifact: { ...side, path: paths.model, cacheHit: true }, rehashed: false };
  const now = await sha256File(paths.model);
  if (now.sha256 !== side.sha256 || now.sizeBytes !== side.sizeBytes) {
    return { state: 'mismatch', reason: `sha256 ${now.sha256}, the sidecar recorded ${side.sha256}` };
  }
  return { state: 'ok', artifact: { ...side, path: paths.model, cacheHit: true }, rehashed: true };
}

export function mismatchLine(model: string, reason: string): string {
  return `synthetic model ${basename(model, '.onnx')}: cached bytes do not match their sha256 (${reason}); rebuilding`;
}

export function staleLine(model: string, reason: string): string {
  return `synthetic model ${basename(model, '.onnx')}: the cached model was ${reason}; rebuilding`;
}

export async function getSyntheticModel(workload: string, o: GetSyntheticOptions): Promise<SyntheticArtifact> {
  const builder = getSyntheticBuilder(workload);
  const options = o.options ?? {};
  const cacheDir = o.cacheDir ?? resolveCacheDir();
  const paths = syntheticPaths(cacheDir, builder.workload, builder.version, options);
  const log = o.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const verify = o.verify ?? 'always';
  const said = new Set<string>();
  const say = (line: string): void => {
    if (!said.has(line)) log(line);
    said.add(line);
  };
  if (!o.force) {
    const check = await checkSyntheticCache(paths, verify);
    if (check.state === 'ok') return check.artifact;
    if (check.state === 'mismatch') say(mismatchLine(paths.model, check.reason));
    if (check.state === 'stale') say(staleLine(paths.model, check.reason));
  }
  await ensureWritableCacheFolder(syntheticDir(cacheDir));
  // from here on, Ctrl-C / SIGTERM end the build and remove the lock and temp files at once (synthetic-interrupt.ts)
  let handle: BuildHandle | undefined;
  let finished = false;
  let held: FileLock | undefined;
  const guard = guardSyntheticInterrupt({ model: paths.model, sidecar: paths.sidecar, handle: () => handle, finished: () => finished, releaseLock: async () => held?.release() });
  try {
    return await withLock(paths.lock, o.lock ?? {}, (lock) => {
      held = lock;
      return buildLocked(lock);
    });
  } catch (e) {
    if (guard.stopping()) return new Promise<never>(() => undefined); // exiting from the handler
    throw e;
  } finally {
    guard.release();
  }

  async function buildLocked(lock: FileLock): Promise<SyntheticArtifact> {
    const removed = await removeStrayTemps([paths.model, paths.sidecar], paths.lock);
    if (removed.length > 0) {
      const from = lock.tookOver?.holder ? ` (lock taken over from pid ${lock.tookOver.holder.pid})` : '';
      say(`synthetic model ${basename(paths.model, '.onnx')}: removed ${removed.length} temp file(s) of an interrupted build${from}: ${removed.map((r) => basename(r)).join(', ')}`);
    }
    if (!o.force) {
      const check = await checkSyntheticCache(paths, verify); // another process may have built it while we waited
      if (check.state === 'ok') return check.artifact;
      if (check.state === 'mismatch') say(mismatchLine(paths.model, check.reason));
      if (check.state === 'stale') say(staleLine(paths.model, check.reason));
    }
    const model = await buildSynthetic(builder, options, (h) => (handle = h));
    const artifact = writeSynthetic(paths, builder, options, model);
    finished = true;
    return artifact;
  }
}

/** Writes the model, then its sidecar (each atomically), and returns the artifact. */
function writeSynthetic(paths: { model: string; sidecar: string }, builder: SyntheticBuilder, options: SyntheticOptions, model: SyntheticModel): SyntheticArtifact {
  const side: SyntheticSidecar = {
    workload: builder.workload,
    builderVersion: builder.version,
    options,
    id: model.id,
    architecture: model.architecture,
    sha256: sha256Bytes(model.bytes),
    sizeBytes: model.bytes.length,
    serialization: ONNX_SERIALIZATION_VERSION,
    parameters: model.parameters,
    macsPerSample: model.macsPerSample,
    details: model.details ?? {},
    createdAt: new Date().toISOString(),
  };
  writeFileAtomic(paths.model, model.bytes);
  side.mtimeMs = statSync(paths.model).mtimeMs;
  writeFileAtomic(paths.sidecar, JSON.stringify(side, null, 2) + '\n');
  return { ...side, path: paths.model, cacheHit: false };
}
