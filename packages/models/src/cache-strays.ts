/**
 * Files an interrupted write leaves in the model cache: writeFileAtomic's `<file>.<pid>.tmp` of a killed process,
 * and a lock (proper-lockfile's `<name>.lock` folder, with its `.holder` file) that its holder stopped refreshing —
 * proper-lockfile's own check says which. A builder holding the lock removes the temp files of its own model;
 * `models verify` lists all of them.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { holderPath, lockIsLive, processExists, readLockHolder } from './download/lock.ts';

export type StrayKind = 'temp file' | 'stale lock';

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
 * Removes the temp files of `files` (their `<file>.<pid>.tmp` from any other process). Only safe while holding the
 * model's lock: then no other process is writing those files. Returns what it removed.
 */
export async function removeStrayTemps(files: readonly string[], lockPath: string): Promise<string[]> {
  const dir = dirname(lockPath);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const targets = new Set(files.map((f) => basename(f)));
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempFilePid(name);
    if (pid === null || pid === process.pid || !targets.has(name.replace(/\.\d+\.tmp$/, ''))) continue;
    await fs.rm(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed.sort();
}

/** A lock folder its holder no longer refreshes, or a holder file whose lock is gone. */
async function staleLock(path: string): Promise<{ kind: StrayKind; pid: number | null } | null> {
  if (await lockIsLive(path)) return null;
  return { kind: 'stale lock', pid: (await readLockHolder(path))?.pid ?? null };
}

async function classifyFile(path: string): Promise<{ kind: StrayKind; pid: number | null } | null> {
  const name = basename(path);
  const pid = tempFilePid(name);
  if (pid !== null) return processExists(pid) ? null : { kind: 'temp file', pid }; // a live pid may be writing it now
  if (name.endsWith('.lock.holder')) {
    const lockPath = path.slice(0, -'.holder'.length);
    const lockThere = await fs.stat(lockPath).then(() => true, () => false);
    return lockThere ? null : staleLock(lockPath); // a lock that is there is listed as itself
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
      if (e.isDirectory() && e.name.endsWith('.lock')) {
        const c = await staleLock(path);
        // its size: the holder file beside it (the folder itself is empty)
        if (c) out.push({ path, kind: c.kind, sizeBytes: await fs.stat(holderPath(path)).then((s) => s.size, () => 0), pid: c.pid });
        continue;
      }
      if (e.isDirectory()) {
        if (left > 1) await walk(path, left - 1);
        continue;
      }
      if (!e.isFile()) continue;
      const c = await classifyFile(path);
      if (!c) continue;
      const sizeBytes = await fs.stat(path).then((s) => s.size, () => 0);
      out.push({ path, kind: c.kind, sizeBytes, pid: c.pid });
    }
  };
  await walk(cacheDir, depth);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
