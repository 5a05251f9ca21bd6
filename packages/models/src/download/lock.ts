/**
 * An advisory lock, so two processes (or two calls in one process) fetching or building the same model take turns
 * instead of writing one temp file together: proper-lockfile's lock — a directory made with mkdir (atomic on local
 * and network file systems), its mtime refreshed by the holder (`staleMs / 2`), taken over once the refreshes have
 * stopped for `staleMs` (a holder killed with SIGKILL, a machine that went down). Beside it, `<lock>.holder` names
 * the holder (pid, host) for messages and `models verify`; it says who, never whether: staleness is the library's.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { check, lock } from 'proper-lockfile';
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
  /** a lock not refreshed for this long is taken over (default 30 s; proper-lockfile's minimum is 2 s) */
  staleMs?: number;
  /** called once when the lock is busy, to tell the user what we are waiting for */
  onWait?: (holder: LockHolder | undefined) => void;
}

export interface FileLock {
  path: string;
  /** set when this lock was taken over from a stale one (its holder, when the holder file said who it was) */
  tookOver: { holder: LockHolder | undefined } | null;
  release(): Promise<void>;
}

export const DEFAULT_LOCK_STALE_MS = 30_000;

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

export const holderPath = (lockPath: string): string => `${lockPath}.holder`;

export async function readLockHolder(lockPath: string): Promise<LockHolder | undefined> {
  try {
    const h = JSON.parse(await fs.readFile(holderPath(lockPath), 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? (h as LockHolder) : undefined;
  } catch {
    return undefined; // none, or being written right now
  }
}

/** Whether the lock at `lockPath` is held and fresh (proper-lockfile's check); false when absent or stale. */
export function lockIsLive(lockPath: string, staleMs = DEFAULT_LOCK_STALE_MS): Promise<boolean> {
  return check(lockPath, { lockfilePath: lockPath, realpath: false, stale: staleMs });
}

const exists = (path: string): Promise<boolean> => fs.stat(path).then(() => true, () => false);

export async function acquireLock(path: string, options: LockOptions = {}): Promise<FileLock> {
  const waitTimeoutMs = options.waitTimeoutMs ?? 30 * 60_000;
  const pollMs = options.pollMs ?? 200;
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const me: LockHolder = { pid: process.pid, host: hostname(), token: randomUUID(), createdAt: new Date().toISOString() };
  const started = Date.now();
  let told = false;
  let release: () => Promise<void>;
  let tookOver: FileLock['tookOver'] = null;
  for (;;) {
    // a lock that is there but no longer live is one proper-lockfile is about to take over: remember whose it was
    const before = (await exists(path)) && !(await lockIsLive(path, staleMs)) ? { holder: await readLockHolder(path) } : null;
    try {
      release = await lock(path, { lockfilePath: path, realpath: false, stale: staleMs, onCompromised: () => undefined });
      tookOver = before;
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new BenchError('IO', `cannot create lock ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`, { hint: `check that the folder is writable; if ${path} is a plain file left by an older modelbench, delete it`, cause: e });
      }
    }
    const holder = await readLockHolder(path);
    if (!told) {
      options.onWait?.(holder);
      told = true;
    }
    if (Date.now() - started > waitTimeoutMs) {
      const who = holder ? `pid ${holder.pid} on ${holder.host}` : 'another process';
      throw new BenchError('IO', `gave up after ${waitTimeoutMs} ms waiting for ${path}, held by ${who}`, {
        hint: `if no other fetch or build is running, delete ${path} (it is taken over by itself ${staleMs / 1000} s after its holder stopped)`,
      });
    }
    await sleep(pollMs);
  }
  // synchronously, in the same turn as the lock was won: a Ctrl-C handler (synthetic-interrupt.ts) then finds either no
  // lock of ours or a lock with its holder file, which release() removes together
  writeFileSync(holderPath(path), JSON.stringify(me));
  return {
    path,
    tookOver,
    async release() {
      if ((await readLockHolder(path))?.token === me.token) await fs.rm(holderPath(path), { force: true });
      await release().catch(() => undefined); // already released, or compromised (taken over after a stall)
    },
  };
}

/** Runs `fn` holding the lock at `path`. */
export async function withLock<T>(path: string, options: LockOptions, fn: (lock: FileLock) => Promise<T>): Promise<T> {
  const held = await acquireLock(path, options);
  try {
    return await fn(held);
  } finally {
    await held.release();
  }
}
