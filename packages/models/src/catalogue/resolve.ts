/**
 * From a catalogue id to a verified file on disk: the harness's `--model-id`. Remote entries come from the cache
 * (trusted by their record, else re-hashed) or are fetched unless offline; unpinned ones need `allowUnpinned` to be
 * fetched; synthetic ones are built (or reused) by the synthetic cache. Companions (a tokenizer) come along.
 */
import { join } from 'node:path';
import { BenchError } from '@modelbench/core';
import { resolveCacheDir } from '../cache-dir.ts';
import { downloadVerified, type DownloadOptions } from '../download/download.ts';
import { createProgressBar, type ProgressSink } from '../download/progress.ts';
import { getSyntheticModel } from '../synthetic-cache.ts';
import { cacheFileName, getCatalogueEntry } from './catalogue.ts';
import { checkCachedFile, writeRecord } from './cache-record.ts';
import type { CatalogueEntry, RemoteEntry, WorkloadId } from './types.ts';

export interface ResolveOptions {
  /** default: resolveCacheDir() (MODELBENCH_CACHE_DIR, else <repo>/.modelbench/models) */
  cacheDir?: string | undefined;
  /** never touch the network; a missing file is an OFFLINE error naming where it was expected */
  offline?: boolean;
  /** allow fetching entries without a published sha256 */
  allowUnpinned?: boolean;
  /** true: a bar on stderr when it is a terminal (or MODELBENCH_PROGRESS=1); or a sink of your own */
  progress?: boolean | ProgressSink;
  /** require the entry to belong to this workload */
  workload?: WorkloadId;
  /** one-line notes for the user (stderr in the CLI) */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** catalogue to look in (tests); default the built-in one */
  entries?: readonly CatalogueEntry[];
  /** transfer tuning (tests inject short back-offs and time-outs) */
  download?: Pick<DownloadOptions, 'idleTimeoutMs' | 'maxAttemptsPerUrl' | 'backoffMs' | 'lock'>;
}

export interface ResolvedFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  entry: CatalogueEntry;
  /** where the file came from this time */
  origin: 'cache' | 'download' | 'synthetic';
  /** false when no published hash vouches for the bytes (the sha256 is then the one computed on first fetch) */
  pinned: boolean;
}

export interface ResolvedModel extends ResolvedFile {
  companions: ResolvedFile[];
  /** synthetic entries only */
  parameters?: number;
  macsPerSample?: number;
  details?: Record<string, unknown>;
}

export function cachedFilePath(cacheDir: string, entry: RemoteEntry): string {
  return join(cacheDir, cacheFileName(entry));
}

function progressSink(p: ResolveOptions['progress'], env: NodeJS.ProcessEnv | undefined): ProgressSink | undefined {
  if (p === undefined || p === false) return undefined;
  if (p === true) return createProgressBar(env ? { env } : {});
  return p;
}

async function resolveRemote(entry: RemoteEntry, o: ResolveOptions & { cacheDir: string }): Promise<ResolvedFile> {
  const path = cachedFilePath(o.cacheDir, entry);
  const pinned = entry.pin !== null;
  const cached = await checkCachedFile(path, entry.id, entry.pin);
  if (cached.state === 'ok') return { path, sha256: cached.sha256, sizeBytes: cached.sizeBytes, entry, origin: 'cache', pinned };
  const pinText = entry.pin ? ` (sha256 ${entry.pin.sha256}, ${entry.pin.sizeBytes} bytes)` : '';
  if (o.offline) {
    if (cached.state === 'mismatch') {
      throw new BenchError('CHECKSUM_MISMATCH', `--offline: the cached ${entry.id} at ${path} does not match its pin: expected sha256 ${entry.pin?.sha256}, got ${cached.sha256}`, {
        hint: `delete it and fetch again without --offline`,
      });
    }
    throw new BenchError('OFFLINE', `--offline: ${entry.id} is not in the cache; expected ${path}${pinText}`, {
      hint: `fetch it first (npm run models -- fetch ${entry.id} --cache-dir ${o.cacheDir}), or copy the file there`,
    });
  }
  if (!pinned && !o.allowUnpinned) {
    throw new BenchError('USAGE', `${entry.id} has no published sha256 (unpinned), so its bytes cannot be verified`, {
      hint: 'pass --allow-unpinned to fetch it anyway; the computed sha256 is printed and recorded',
    });
  }
  const log = o.log ?? ((): void => undefined);
  const result = await downloadVerified({
    urls: entry.urls,
    destPath: path,
    expected: entry.pin,
    label: entry.id,
    progress: progressSink(o.progress, o.env),
    log,
    ...(o.env ? { env: o.env } : {}),
    ...o.download,
  });
  await writeRecord(path, { id: entry.id, sha256: result.sha256, sizeBytes: result.sizeBytes, pinned, ...(result.url ? { url: result.url } : {}) });
  if (!pinned) log(`${entry.id}: unpinned download; computed sha256 ${result.sha256} (${result.sizeBytes} bytes), recorded next to the file`);
  return { path, sha256: result.sha256, sizeBytes: result.sizeBytes, entry, origin: result.reused ? 'cache' : 'download', pinned };
}

/** Resolves a catalogue id to a verified file, fetching (or building) it when needed. */
export async function resolveCatalogueModel(id: string, options: ResolveOptions): Promise<ResolvedModel> {
  const o = { ...options, cacheDir: options.cacheDir ?? resolveCacheDir(options.env ? { env: options.env } : {}) };
  const entries = o.entries;
  const entry = getCatalogueEntry(id, { ...(entries ? { entries } : {}), ...(o.workload ? { workload: o.workload } : {}) });
  if (entry.source === 'synthetic') {
    const s = await getSyntheticModel(entry.builder, { cacheDir: o.cacheDir });
    return {
      path: s.path,
      sha256: s.sha256,
      sizeBytes: s.sizeBytes,
      entry,
      origin: 'synthetic',
      pinned: false,
      companions: [],
      parameters: s.parameters,
      macsPerSample: s.macsPerSample,
      details: s.details,
    };
  }
  const main = await resolveRemote(entry, o);
  const companions: ResolvedFile[] = [];
  for (const c of entry.companions ?? []) {
    const ce = getCatalogueEntry(c, entries ? { entries } : {});
    if (ce.source !== 'synthetic') companions.push(await resolveRemote(ce, o));
  }
  return { ...main, companions };
}
