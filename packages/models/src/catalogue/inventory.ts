/**
 * What the cache holds: one row per catalogue entry for `models list`, and a full re-hash of every cached file for
 * `models verify` (catalogue files against their pins or recorded hashes, synthetic models against their sidecars).
 */
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from '../download/hash-file.ts';
import { findSyntheticBuilder } from '../synthetic-registry.ts';
import { readSyntheticCache, syntheticDir, syntheticPaths, type SyntheticSidecar } from '../synthetic-cache.ts';
import { CATALOGUE } from './catalogue.ts';
import { checkCachedFile, readRecord } from './cache-record.ts';
import { cachedFilePath } from './resolve.ts';
import type { CatalogueEntry } from './types.ts';

export type CachedStatus = 'cached' | 'partial' | 'absent' | 'no builder';

export interface ListRow {
  entry: CatalogueEntry;
  /** exact size when pinned or built, else the publisher's rounded figure */
  sizeBytes: number | undefined;
  sizeIsApproximate: boolean;
  status: CachedStatus;
  path: string | undefined;
}

export async function listCatalogue(cacheDir: string, entries: readonly CatalogueEntry[] = CATALOGUE): Promise<ListRow[]> {
  const rows: ListRow[] = [];
  for (const entry of entries) {
    if (entry.source === 'synthetic') {
      const builder = findSyntheticBuilder(entry.builder);
      if (!builder) {
        rows.push({ entry, sizeBytes: undefined, sizeIsApproximate: false, status: 'no builder', path: undefined });
        continue;
      }
      const paths = syntheticPaths(cacheDir, builder.workload, builder.version, {});
      const hit = await readSyntheticCache(paths);
      rows.push({ entry, sizeBytes: hit?.sizeBytes, sizeIsApproximate: false, status: hit ? 'cached' : 'absent', path: paths.model });
      continue;
    }
    const path = cachedFilePath(cacheDir, entry);
    const size = await fs.stat(path).then((s) => s.size, () => undefined);
    const status: CachedStatus = size !== undefined ? 'cached' : existsSync(`${path}.part`) ? 'partial' : 'absent';
    const sizeBytes = entry.pin?.sizeBytes ?? size ?? entry.approxSizeBytes;
    rows.push({ entry, sizeBytes, sizeIsApproximate: entry.pin === null && size === undefined, status, path });
  }
  return rows;
}

export type VerifyStatus = 'ok' | 'mismatch';

export interface VerifyRow {
  /** catalogue id, or the synthetic model's file name */
  name: string;
  path: string;
  status: VerifyStatus;
  expectedSha256: string | undefined;
  actualSha256: string;
  sizeBytes: number;
}

/** Re-hashes every cached file; missing entries are not listed (nothing to verify). */
export async function verifyCache(cacheDir: string, entries: readonly CatalogueEntry[] = CATALOGUE): Promise<VerifyRow[]> {
  const rows: VerifyRow[] = [];
  for (const entry of entries) {
    if (entry.source === 'synthetic') continue;
    const path = cachedFilePath(cacheDir, entry);
    const recorded = readRecord(path)?.sha256;
    const state = await checkCachedFile(path, entry.id, entry.pin, { rehash: true });
    if (state.state === 'missing') continue;
    rows.push({
      name: entry.id,
      path,
      status: state.state === 'ok' ? 'ok' : 'mismatch',
      expectedSha256: entry.pin?.sha256 ?? recorded,
      actualSha256: state.sha256,
      sizeBytes: state.sizeBytes,
    });
  }
  const dir = syntheticDir(cacheDir);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    let side: SyntheticSidecar;
    try {
      side = JSON.parse(await fs.readFile(join(dir, name), 'utf8')) as SyntheticSidecar;
    } catch {
      continue;
    }
    const model = join(dir, name.replace(/\.json$/, '.onnx'));
    if (!existsSync(model)) continue;
    const h = await sha256File(model);
    rows.push({
      name: name.replace(/\.json$/, ''),
      path: model,
      status: h.sha256 === side.sha256 && h.sizeBytes === side.sizeBytes ? 'ok' : 'mismatch',
      expectedSha256: side.sha256,
      actualSha256: h.sha256,
      sizeBytes: h.sizeBytes,
    });
  }
  return rows;
}
