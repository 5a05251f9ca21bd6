/**
 * An advisory lock file, so two processes (or two calls in one process) fetching the same model take turns instead
 * of writing one temp file together. Created with O_EXCL; the holder refreshes its mtime (heartbeat) so a waiter can
 * tell a live holder from a crashed one: the lock is stale when its mtime is older than `staleMs`, or when its
 * holder is a process on this host that no longer exists.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { BenchError } from '@modelbench/core';

export interface LockHolder {
  pid: number;
  host: string;
  token: string;
  createdAt: string;
}

export interface LockOptions {
  /** give up after waiting this long (default 30 minutes: a large model on a slow link) */
  waitTimeoutMs?: number;
  pollMs?: number;
  /** a lock whose heartbeat is older than this is taken over (default 60 s) */
  staleMs?: number;
  /** called once when the lock is busy, to tell the user what we are waiting for */
  onWait?: (holder: LockHolder | undefined) => void;
}

export interface FileLock {
  path: string;
  /** set when this lock was taken over from a stale one (its holder, when the stale file said who it was) */
  tookOver: { holder: LockHolder | undefined } | null;
  release(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Whether a process with this pid exists on this host (EPERM: it exists but is not ours). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<{ holder: LockHolder | undefined; mtimeMs: number } | undefined> {
  try {
    const [text, st] = await Promise.all([fs.readFile(path, 'utf8'), fs.stat(path)]);
    let holder: LockHolder | undefined;
    try {
      holder = JSON.parse(text) as LockHolder;
    } catch {
      holder = undefined; // being written right now, or garbage: judged by age alone
    }
    return { holder, mtimeMs: st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function isStale(info: { holder: LockHolder | undefined; mtimeMs: number }, staleMs: number): boolean {
  if (Date.now() - info.mtimeMs > staleMs) return true;
  const h = info.holder;
  return h !== undefined && h.host === hostname() && h.pid !== process.pid && !processExists(h.pid);
}

/** Removes a stale lock, unless someone replaced it meanwhile (then it is put back). */
async function breakStaleLock(path: string, judged: LockHolder | undefined): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await fs.rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await readHolder(aside);
  if (judged !== undefined && moved?.holder !== undefined && moved.holder.token !== judged.token) {
    await fs.link(aside, path).catch(() => undefined); // a fresh lock was taken between our read and rename
  }
  await fs.rm(aside, { force: true });
}

export async function acquireLock(path: string, options: LockOptions = {}): Promise<FileLock> {
  const waitTimeoutMs = options.waitTimeoutMs ?? 30 * 60_000;
  const pollMs = options.pollMs ?? 200;
  const staleMs = options.staleMs ?? 60_000;
  const me: LockHolder = { pid: process.pid, host: hostname(), token: randomUUID(), createdAt: new Date().toISOString() };
  const started = Date.now();
  let told = false;
  let tookOver: FileLock['tookOver'] = null;
  for (;;) {
    try {
      const handle = await fs.open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(me));
      } finally {
        await handle.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new BenchError('IO', `cannot create lock file ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`, { cause: e });
      }
    }
    const info = await readHolder(path);
    if (info === undefined) continue; // released between our open and read
    if (isStale(info, staleMs)) {
      await breakStaleLock(path, info.holder);
      tookOver = { holder: info.holder };
      continue;
    }
    if (!told) {
      options.onWait?.(info.holder);
      told = true;
    }
    if (Date.now() - started > waitTimeoutMs) {
      const who = info.holder ? `pid ${info.holder.pid} on ${info.holder.host}` : 'another process';
      throw new BenchError('IO', `gave up after ${waitTimeoutMs} ms waiting for ${path}, held by ${who}`, {
        hint: `if no other fetch is running, delete ${path}`,
      });
    }
    await sleep(pollMs);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    fs.utimes(path, now, now).catch(() => undefined);
  }, Math.max(50, Math.floor(staleMs / 4)));
  heartbeat.unref();
  return {
    path,
    tookOver,
    async release() {
      clearInterval(heartbeat);
      const info = await readHolder(path);
      if (info?.holder?.token === me.token) await fs.rm(path, { force: true });
    },
  };
}

/** Runs `fn` holding the lock at `path`. */
export async function withLock<T>(path: string, options: LockOptions, fn: (lock: FileLock) => Promise<T>): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}
