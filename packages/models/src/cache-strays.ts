/**
 * Files an interrupted write leaves in the model cache: writeFileAtomic's `<file>.<pid>.tmp` of a killed process,
 * a lock set aside while being broken (`<lock>.stale-<uuid>`) and a lock whose holder died on this host. A builder
 * holding the lock removes those of its own model; `models verify` lists all of them.
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { processExists, type LockHolder } from './download/lock.ts';

export type StrayKind = 'temp file' | 'set-aside lock' | 'stale lock';

export interface StrayFile {
  path: string;
  kind: StrayKind;
  sizeBytes: number;
  /** the process that left it, when its name or content says */
  pid: number | null;
}

/** The pid in writeFileAtomic's temp name `<file>.<pid>.tmp`, else null. */
export function tempFilePid(name: string): number | null {
  const m = /\.(\d+)\.tmp$/.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * Removes the temp files of `files` (their `<file>.<pid>.tmp` from any other process) and the set-aside copies of
 * `lockPath`. Only safe while holding that lock: then no other process is writing those files. Returns what it removed.
 */
export async function removeStrayTemps(files: readonly string[], lockPath: string): Promise<string[]> {
  const dir = dirname(lockPath);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const targets = new Set(files.map((f) => basename(f)));
  const lockName = basename(lockPath);
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempFilePid(name);
    const isTemp = pid !== null && pid !== process.pid && targets.has(name.replace(/\.\d+\.tmp$/, ''));
    const isAside = name.startsWith(`${lockName}.stale-`);
    if (!isTemp && !isAside) continue;
    await fs.rm(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed.sort();
}

async function lockHolder(path: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

async function classify(path: string): Promise<{ kind: StrayKind; pid: number | null } | null> {
  const name = basename(path);
  const pid = tempFilePid(name);
  if (pid !== null) return processExists(pid) ? null : { kind: 'temp file', pid }; // a live pid may be writing it now
  if (/\.lock\.stale-[\w-]+$/.test(name)) return { kind: 'set-aside lock', pid: null };
  if (name.endsWith('.lock')) {
    const h = await lockHolder(path);
    if (h && typeof h.pid === 'number' && h.host === hostname() && !processExists(h.pid)) return { kind: 'stale lock', pid: h.pid };
  }
  return null;
}

/** Every stray file under the cache folder, `depth` folder levels deep (the cache, synthetic/, catalogue folders). */
export async function findCacheStrays(cacheDir: string, depth = 3): Promise<StrayFile[]> {
  const out: StrayFile[] = [];
  const walk = async (dir: string, left: number): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (left > 1) await walk(path, left - 1);
        continue;
      }
      if (!e.isFile()) continue;
      const c = await classify(path);
      if (!c) continue;
      const sizeBytes = await fs.stat(path).then((s) => s.size, () => 0);
      out.push({ path, kind: c.kind, sizeBytes, pid: c.pid });
    }
  };
  await walk(cacheDir, depth);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
