/** Where onnxruntime-node writes its profile: `<prefix>_<timestamp>.json`. It writes nothing (and raises nothing) when
 * the prefix's folder is missing, so the folder is created first and the file is found afterwards. */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BenchError } from '@modelbench/core';

export function prepareProfilePrefix(prefix: string): string {
  const abs = resolve(prefix);
  try {
    mkdirSync(dirname(abs), { recursive: true });
  } catch (e) {
    throw new BenchError('IO', `cannot create the profile folder ${dirname(abs)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      hint: 'choose a writable folder with --profile-dir',
    });
  }
  return abs;
}

/** The newest file for this prefix written at or after `sinceMs`. */
export function findProfileFile(prefix: string, sinceMs: number): string | undefined {
  const dir = dirname(prefix);
  const stem = basename(prefix);
  let best: { path: string; mtime: number } | undefined;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(stem) || !name.endsWith('.json')) continue;
    const path = join(dir, name);
    const mtime = statSync(path).mtimeMs;
    if (mtime + 1000 >= sinceMs && (!best || mtime > best.mtime)) best = { path, mtime };
  }
  return best?.path;
}
