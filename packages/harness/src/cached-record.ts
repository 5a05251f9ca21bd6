/**
 * A cacheable Nx task's record, kept where Nx caches the task's outputs. `validate` and `accuracy` are cached by Nx
 * (nx.json: their outputs are the mode's --out-dir, out/<mode>/<workload>); a task Nx replays from its cache runs no
 * process and so writes no record in the run's folder. So the workload's own task also copies its record into its
 * out-dir as `record.json`, which Nx stores with the outputs and restores on a replay, and the workspace plugin
 * (tools/nx-plugin) reads it there for a replayed task instead of its replayed text.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The file name of the copy inside the task's out-dir. */
export const CACHED_RECORD_NAME = 'record.json';

/** Pure: where the copy goes for a run with this out-dir (undefined: the mode has no out-dir). */
export function cachedRecordPath(outDir: unknown): string | undefined {
  return typeof outDir === 'string' && outDir.length > 0 ? join(outDir, CACHED_RECORD_NAME) : undefined;
}

/** Copies the record at `recordPath` (when the run wrote one) to `<outDir>/record.json`, atomically. */
export function keepRecordWithOutputs(recordPath: string | undefined, outDir: unknown): void {
  const target = cachedRecordPath(outDir);
  if (!recordPath || !target || !existsSync(recordPath)) return;
  mkdirSync(dirname(target), { recursive: true });
  const part = `${target}.${process.pid}.part`;
  copyFileSync(recordPath, part);
  renameSync(part, target);
}
