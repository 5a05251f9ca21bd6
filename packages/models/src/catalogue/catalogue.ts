/**
 * The catalogue: every model a user can name with `--model-id`. Lookup, validation and cache file names live here;
 * the rows live in zoo.ts, exports.ts and synthetic.ts.
 */
import { BenchError } from '@modelbench/core';
import { EXPORT_ENTRIES } from './exports.ts';
import { SYNTHETIC_ENTRIES } from './synthetic.ts';
import type { CatalogueEntry, RemoteEntry, WorkloadId } from './types.ts';
import { ZOO_ENTRIES } from './zoo.ts';

export const CATALOGUE: readonly CatalogueEntry[] = [...ZOO_ENTRIES, ...EXPORT_ENTRIES, ...SYNTHETIC_ENTRIES];

/** Ids double as file names: a letter or digit first, then letters, digits, '.', '_' or '-', and never '..'. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id) && !id.includes('..');
}

/** Problems with a table of entries (duplicate or unsafe ids, bad pins, dangling companions); empty when sound. */
export function validateCatalogue(entries: readonly CatalogueEntry[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) problems.push(`${e.id}: duplicate id`);
    ids.add(e.id);
    if (!isSafeId(e.id)) problems.push(`${e.id}: id is not a safe file name`);
    if (e.source === 'synthetic') continue;
    if (e.urls.length === 0) problems.push(`${e.id}: no URL`);
    for (const u of e.urls) {
      const url = URL.canParse(u) ? new URL(u) : undefined;
      if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        problems.push(`${e.id}: not an http(s) URL: ${u}`);
      }
    }
    if (e.pin !== null) {
      if (!/^[0-9a-f]{64}$/.test(e.pin.sha256)) problems.push(`${e.id}: sha256 is not 64 lowercase hex digits`);
      if (!Number.isInteger(e.pin.sizeBytes) || e.pin.sizeBytes <= 0) problems.push(`${e.id}: bad size`);
    }
  }
  for (const e of entries) {
    if (e.source === 'synthetic') continue;
    for (const c of e.companions ?? []) if (!ids.has(c)) problems.push(`${e.id}: companion ${c} is not in the catalogue`);
  }
  return problems;
}

export function findCatalogueEntry(id: string, entries: readonly CatalogueEntry[] = CATALOGUE): CatalogueEntry | undefined {
  return entries.find((e) => e.id === id);
}

/** The entry, or a MODEL_NOT_FOUND error that lists the ids (of the same workload when one is given). */
export function getCatalogueEntry(
  id: string,
  options: { entries?: readonly CatalogueEntry[]; workload?: WorkloadId } = {},
): CatalogueEntry {
  const entries = options.entries ?? CATALOGUE;
  const found = findCatalogueEntry(id, entries);
  if (found && (options.workload === undefined || found.workload === options.workload)) return found;
  const candidates = entries.filter((e) => e.kind === 'model' && (options.workload === undefined || e.workload === options.workload));
  const what = found ? `is a ${found.workload} model, not ${options.workload}` : 'is not in the catalogue';
  throw new BenchError('MODEL_NOT_FOUND', `model id '${id}' ${what}`, {
    hint: `known ids: ${candidates.map((e) => e.id).join(', ')} (see: npm run models -- list)`,
  });
}

export function entriesForWorkload(workload: WorkloadId, entries: readonly CatalogueEntry[] = CATALOGUE): CatalogueEntry[] {
  return entries.filter((e) => e.workload === workload);
}

/** The cache file name of a remote entry: its id and the format's extension, never anything from a URL. */
export function cacheFileName(entry: Pick<RemoteEntry, 'id' | 'format'>): string {
  if (!isSafeId(entry.id)) throw new BenchError('INTERNAL', `catalogue id '${entry.id}' is not a safe file name`);
  return `${entry.id}.${entry.format}`;
}
