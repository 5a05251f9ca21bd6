/**
 * A clean output folder per run: everything is written into a fresh temporary folder beside the target, which then
 * replaces the target in one swap, so a run never leaves files of an earlier run behind (a validate_bf16.png beside an
 * fp32 run) and a failed run leaves the previous folder untouched.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BenchError } from '@modelbench/core';

export interface StagedOutDir {
  /** the final folder */
  target: string;
  /** where to write now */
  path: string;
  /** replaces the target with what was written (the old folder is removed) */
  commit(): void;
  /** removes what was written; the target stays as it was */
  discard(): void;
}

function ioError(what: string, dir: string, e: unknown): BenchError {
  return new BenchError('IO', `cannot ${what} the output folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'choose a writable --out-dir' });
}

export function stageOutDir(dir: string): StagedOutDir {
  const target = resolve(dir);
  try {
    const st = statSync(target, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) throw new BenchError('IO', `--out-dir ${dir} is a file, not a folder`, { hint: 'choose a folder path for --out-dir' });
  } catch (e) {
    if (e instanceof BenchError) throw e;
    throw ioError('create', dir, e);
  }
  let path: string;
  try {
    mkdirSync(dirname(target), { recursive: true });
    path = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  } catch (e) {
    throw ioError('create', dir, e);
  }
  let done = false;
  return {
    target,
    path,
    commit() {
      if (done) return;
      done = true;
      const old = `${path}.old`;
      try {
        let moved = false;
        try {
          renameSync(target, old);
          moved = true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
        renameSync(path, target);
        if (moved) rmSync(old, { recursive: true, force: true });
      } catch (e) {
        try {
          renameSync(old, target); // put the previous folder back when the swap half happened
        } catch {
          /* there was none, or it is still in place */
        }
        rmSync(path, { recursive: true, force: true });
        throw ioError('replace', dir, e);
      }
    },
    discard() {
      if (done) return;
      done = true;
      rmSync(path, { recursive: true, force: true });
    },
  };
}
