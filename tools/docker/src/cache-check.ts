/**
 * The model cache a container will use, and whether it can be written. Synthetic models are generated on first use
 * into that folder; a read-only (or foreign-owned) mount is fine while every model a run needs is already in it, and
 * a clear line up front says what will fail otherwise.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface CacheStatus {
  path: string;
  writable: boolean;
  /** errno code when not writable: EROFS (read-only mount), EACCES (owned by another user), ENOTDIR */
  code?: string;
}

/** The value of `--cache-dir DIR` / `--cache-dir=DIR` in argv, else the env var, else undefined. */
export function cacheDirFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--cache-dir' && argv[i + 1] !== undefined) return resolve(cwd, argv[i + 1]!);
    if (a.startsWith('--cache-dir=')) return resolve(cwd, a.slice('--cache-dir='.length));
  }
  const fromEnv = env.MODELBENCH_CACHE_DIR;
  return fromEnv ? resolve(cwd, fromEnv) : undefined;
}

/** Checks the folder, or the nearest existing folder above it (where it would be created). */
export function checkCacheDir(path: string): CacheStatus {
  let probe = path;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  try {
    if (!statSync(probe).isDirectory()) return { path, writable: false, code: 'ENOTDIR' };
    accessSync(probe, constants.W_OK);
    return { path, writable: true };
  } catch (e) {
    return { path, writable: false, code: (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN' };
  }
}

export function cacheWarning(status: CacheStatus, uid: number | undefined): string | undefined {
  if (status.writable) return undefined;
  const why =
    status.code === 'EROFS'
      ? 'is mounted read-only'
      : status.code === 'EACCES' || status.code === 'EPERM'
        ? `is not writable by uid ${uid ?? '?'}`
        : `cannot be written (${status.code})`;
  return (
    `warning: model cache ${status.path} ${why}: models already in it are used, a missing one cannot be generated.\n` +
    '  fix: mount a writable volume there (-v modelbench-models:/models), or fill the cache first with a writable mount'
  );
}
