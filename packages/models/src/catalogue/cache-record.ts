/**
 * The record kept next to each cached catalogue file (`<file>.verified.json`): the sha256 computed when it was last
 * verified, with the size and mtime it had then. While size and mtime are unchanged the file is trusted without
 * re-hashing (hundreds of MB on every run); `models verify` re-hashes regardless. For unpinned entries the record
 * is where the trust-on-first-use hash lives.
 */
import { readFileSync, promises as fs } from 'node:fs';
import { writeFileAtomic } from '@modelbench/core';
import type { Pin } from './types.ts';
import { sha256File } from '../download/hash-file.ts';

export interface CacheRecord {
  id: string;
  sha256: string;
  sizeBytes: number;
  mtimeMs: number;
  pinned: boolean;
  /** where the bytes came from; absent for a file placed by hand */
  url?: string;
  verifiedAt: string;
}

export function recordPath(filePath: string): string {
  return `${filePath}.verified.json`;
}

export function readRecord(filePath: string): CacheRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(recordPath(filePath), 'utf8')) as CacheRecord;
    return typeof r.sha256 === 'string' && typeof r.sizeBytes === 'number' ? r : undefined;
  } catch {
    return undefined;
  }
}

export async function writeRecord(filePath: string, r: Omit<CacheRecord, 'mtimeMs' | 'verifiedAt'>): Promise<CacheRecord> {
  const st = await fs.stat(filePath);
  const full: CacheRecord = { ...r, mtimeMs: st.mtimeMs, verifiedAt: new Date().toISOString() };
  writeFileAtomic(recordPath(filePath), JSON.stringify(full, null, 2) + '\n');
  return full;
}

export type CachedState =
  | { state: 'missing' }
  | { state: 'ok'; sha256: string; sizeBytes: number; rehashed: boolean }
  /** the file is there but does not hash to its pin */
  | { state: 'mismatch'; sha256: string; sizeBytes: number };

/**
 * What the cache holds for one entry: trusted from its record while size and mtime match, else re-hashed (and the
 * record rewritten when the hash is acceptable: equal to the pin, or, unpinned, any hash). With `rehash` (models
 * verify) the file is always hashed, and an unpinned one must equal its recorded hash.
 */
export async function checkCachedFile(filePath: string, id: string, pin: Pin | null, options: { rehash?: boolean } = {}): Promise<CachedState> {
  let size: number;
  let mtimeMs: number;
  try {
    const st = await fs.stat(filePath);
    size = st.size;
    mtimeMs = st.mtimeMs;
  } catch {
    return { state: 'missing' };
  }
  const rec = readRecord(filePath);
  const recordFits = rec !== undefined && rec.sizeBytes === size && rec.mtimeMs === mtimeMs && (pin === null || rec.sha256 === pin.sha256);
  if (recordFits && !options.rehash) return { state: 'ok', sha256: rec.sha256, sizeBytes: size, rehashed: false };
  if (pin !== null && size !== pin.sizeBytes && !options.rehash) return { state: 'mismatch', sha256: '(not hashed: wrong size)', sizeBytes: size };
  const h = await sha256File(filePath);
  if (pin !== null && (h.sha256 !== pin.sha256 || h.sizeBytes !== pin.sizeBytes)) return { state: 'mismatch', ...h };
  // an explicit re-hash of an unpinned file checks it against the hash recorded when it was fetched
  if (pin === null && options.rehash && rec !== undefined && rec.sha256 !== h.sha256) return { state: 'mismatch', ...h };
  await writeRecord(filePath, { id, sha256: h.sha256, sizeBytes: h.sizeBytes, pinned: pin !== null, ...(rec?.url ? { url: rec.url } : {}) });
  return { state: 'ok', ...h, rehashed: true };
}
