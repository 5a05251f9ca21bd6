/** What the fleet takes from `compare` for its results folders: the matrix's error records, settings and resume rules. */
import { existsSync, readFileSync } from 'node:fs';
import { runRecordProblems, type RunRecord } from '@modelbench/core';

export { cellRecord, checkResumable, isFinished, readManifest, writeManifest, type MatrixSettings } from '@modelbench/compare';

/** The record at `path` when it is a valid record (a half-written or foreign file is not). */
export function existingRecordAt(path: string): RunRecord | null {
  if (!existsSync(path)) return null;
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return runRecordProblems(value).length === 0 ? (value as RunRecord) : null;
  } catch {
    return null;
  }
}
