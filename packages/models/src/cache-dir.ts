/**
 * Where models are cached. In order: the `--cache-dir` flag, the `MODELBENCH_CACHE_DIR` environment variable,
 * `<repo root>/.modelbench/models` (the repo root is the nearest folder above the working directory, or above this
 * file, that holds `nx.json`), else `$XDG_CACHE_HOME/modelbench` or `~/.cache/modelbench`.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
