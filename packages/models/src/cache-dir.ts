/**
 * Where models are cached. In order: the `--cache-dir` flag, the `MODELBENCH_CACHE_DIR` environment variable,
 * `<repo root>/.modelbench/models` (the repo root is the nearest folder above the working directory, or above this
 * file, that holds `nx.json`), else `$XDG_CACHE_HOME/modelbench` or `~/.cache/modelbench`.
 */
import { constants as fsConstants, existsSync, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError } from '@modelbench/core';

export const CACHE_DIR_ENV = 'MODELBENCH_CACHE_DIR';

export type CacheDirSource = 'flag' | 'env' | 'repo' | 'home';

export interface CacheDirChoice {
  path: string;
  source: CacheDirSource;
}

export interface CacheDirOptions {
  /** value of `--cache-dir`, when given */
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** where to look for the repo root (default: the working directory, then this file's folder) */
  searchFrom?: readonly string[];
  /** home folder (tests) */
  home?: string;
}

/** The nearest folder at or above `start` that holds `nx.json`, or undefined. */
export function findRepoRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function chooseCacheDir(options: CacheDirOptions = {}): CacheDirChoice {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  if (options.flag !== undefined && options.flag !== '') return { path: resolve(cwd, options.flag), source: 'flag' };
  const fromEnv = env[CACHE_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { path: resolve(cwd, fromEnv), source: 'env' };
  const starts = options.searchFrom ?? [cwd, dirname(fileURLToPath(import.meta.url))];
  const root = starts.map((s) => findRepoRoot(s)).find((r) => r !== undefined);
  if (root !== undefined) return { path: join(root, '.modelbench', 'models'), source: 'repo' };
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== '' ? xdg : join(options.home ?? homedir(), '.cache');
  return { path: join(base, 'modelbench'), source: 'home' };
}

/** Just the path of {@link chooseCacheDir}. */
export function resolveCacheDir(options: CacheDirOptions = {}): string {
  return chooseCacheDir(options).path;
}

/** The fix every "cannot write the model cache" error gives (synthetic models and downloads alike). */
export const CACHE_NOT_WRITABLE_HINT =
  'choose a writable folder with --cache-dir or MODELBENCH_CACHE_DIR (a read-only cache works only when it already holds the models)';

/** `/models is not writable (read-only file system)`: the cause named when a folder refuses new files (errno code). */
export function folderNotWritableCause(dir: string, code: string | undefined): string {
  return `${dir} is not writable (${code === 'EROFS' ? 'read-only file system' : code ?? 'access denied'})`;
}

/** The message of the error a model cache that cannot be written raises (the image's build-test expects exactly it). */
export function cacheNotWritableMessage(folder: string, cause: string): string {
  return `cannot write the model cache ${folder}: ${cause}`;
}

/**
 * Why `folder` cannot take new files, from its nearest existing ancestor: a file where a folder should be, a
 * read-only mount, missing permissions; undefined when it can.
 */
export async function cacheFolderProblem(folder: string): Promise<string | undefined> {
  let dir = folder;
  for (;;) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat) {
      if (!stat.isDirectory()) return `${dir} is a file, not a folder`;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  try {
    await fs.access(dir, fsConstants.W_OK);
    return undefined;
  } catch (e) {
    return folderNotWritableCause(dir, (e as NodeJS.ErrnoException).code);
  }
}

/** Creates `folder` (and its parents) and checks it takes new files; else one IO error naming the cause and the fix. */
export async function ensureWritableCacheFolder(folder: string): Promise<void> {
  let failure: unknown;
  try {
    await fs.mkdir(folder, { recursive: true });
    await fs.access(folder, fsConstants.W_OK);
    return;
  } catch (e) {
    failure = e;
  }
  // Node's recursive mkdir says ENOENT under a read-only mount and EEXIST under a file: name the real cause.
  const cause = (await cacheFolderProblem(folder)) ?? folderNotWritableCause(folder, (failure as NodeJS.ErrnoException).code);
  throw new BenchError('IO', cacheNotWritableMessage(folder, cause), { hint: CACHE_NOT_WRITABLE_HINT, cause: failure });
}
