/**
 * Where a run's record and report go. `{workload}` and `{mode}` in a --json or --markdown path name this run
 * (`--json out/{workload}.json`), and a path ending in `/` is a folder that gets `<workload>.<mode>.json` (or
 * `.md`), here as in the Docker entry point.
 *
 * Under Nx the workspace's plugin gives every command a record folder of its own, out/records/<run-id>/
 * (MODELBENCH_RECORD_DIR). A workload's own task (project = workload, target = mode) then always writes its record —
 * to --json when given, else to <run dir>/<workload>.<mode>.json — and claims each file it writes in
 * <run dir>/claims/: one file per path (named by a hash of the absolute path), created exclusively, holding the task
 * id, the absolute path and the kind. A second task of the same run that would write the same file is refused before
 * it runs (e.g. `run-many -t performance --json out/r.json`), so no record overwrites another. The plugin's summary
 * reads the records back from the claims.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BenchError } from '@modelbench/core';

export type RecordKind = 'json' | 'markdown';
const EXTENSION: Record<RecordKind, string> = { json: 'json', markdown: 'md' };
const FLAG: Record<RecordKind, string> = { json: '--json', markdown: '--markdown' };

/** Pure: `{workload}` / `{mode}` replaced; a trailing `/` (a folder) gets `<workload>.<mode>.<ext>`. */
export function expandRecordPath(path: string, workload: string, mode: string, kind: RecordKind = 'json'): string {
  const named = path.replaceAll('{workload}', workload).replaceAll('{mode}', mode);
  return /[\\/]$/.test(named) ? `${named}${workload}.${mode}.${EXTENSION[kind]}` : named;
}

/** The run folder when this process is the workload's own Nx task for `mode`, else undefined. */
export function ownTaskRunDir(workload: string, mode: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.MODELBENCH_RECORD_DIR;
  return dir && env.NX_TASK_TARGET_PROJECT === workload && env.NX_TASK_TARGET_TARGET === mode ? dir : undefined;
}

/**
 * Claims `path` for this task in the run folder, or refuses when another task of the same run claimed it.
 * Idempotent for the same task.
 */
export function claimRecordPath(runDir: string, path: string, task: string, kind: RecordKind): void {
  const absolute = resolve(path);
  const claims = join(runDir, 'claims');
  mkdirSync(claims, { recursive: true });
  const file = join(claims, createHash('sha256').update(absolute).digest('hex').slice(0, 24));
  try {
    const fd = openSync(file, 'wx');
    try {
      writeSync(fd, `${task}\n${absolute}\n${kind}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new BenchError('IO', `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { hint: 'the run folder under out/records must be writable' });
    const owner = readFileSync(file, 'utf8').split('\n')[0];
    if (owner === task) return;
    throw new BenchError('USAGE', `${FLAG[kind]} ${path}: ${owner} of this Nx run writes that file too`, {
      hint: `put {workload} in the path (${FLAG[kind]} out/{workload}.${EXTENSION[kind]}) or name a folder (${FLAG[kind]} out/records/)`,
    });
  }
}

export interface RecordPaths {
  json?: string;
  markdown?: string;
}

/** The --json and --markdown paths this run writes (templates expanded, Nx's default record added and claimed). */
export function recordPaths(given: RecordPaths, workload: string, mode: string, env: NodeJS.ProcessEnv = process.env): RecordPaths {
  const runDir = ownTaskRunDir(workload, mode, env);
  const json = given.json !== undefined ? expandRecordPath(given.json, workload, mode, 'json') : runDir ? join(runDir, `${workload}.${mode}.json`) : undefined;
  const markdown = given.markdown !== undefined ? expandRecordPath(given.markdown, workload, mode, 'markdown') : undefined;
  if (runDir) {
    const task = `${workload}:${mode}`;
    if (json !== undefined) claimRecordPath(runDir, json, task, 'json');
    if (markdown !== undefined) claimRecordPath(runDir, markdown, task, 'markdown');
  }
  return { ...(json !== undefined ? { json } : {}), ...(markdown !== undefined ? { markdown } : {}) };
}
