/**
 * Reads run records from results folders (every `*.json` record in it, not recursing) and from record files (one
 * record or an array, as `performance --json` and the matrix write them). Each record keeps the name of the run it
 * came from, so several runs — and several machines — can sit side by side in one report.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BenchError, runRecordProblems, type RunRecord } from '@modelbench/core';
import { MANIFEST_FILE } from './results-folder.ts';

export interface LoadedRecord {
  record: RunRecord;
  /** the run it belongs to: the results folder's name, or the file's name without .json */
  source: string;
  path: string;
}

function parseFile(path: string): RunRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BenchError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { hint: 'pass results folders or record files written by matrix or performance --json' });
  }
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item, i) => {
    const problems = runRecordProblems(item);
    if (problems.length) {
      const where = Array.isArray(value) ? `${path}[${i}]` : path;
      throw new BenchError('BAD_INPUT', `${where} is not a run record: ${problems.slice(0, 3).join('; ')}`, {
        hint: 'pass results folders or record files written by matrix or performance --json',
      });
    }
  });
  return items as RunRecord[];
}

function recordFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.') && f !== MANIFEST_FILE)
    .sort()
    .map((f) => join(dir, f));
}

export function loadRecords(inputs: readonly string[]): LoadedRecord[] {
  if (inputs.length === 0) throw new BenchError('USAGE', 'no results given', { hint: 'pass one or more results folders or record files' });
  const out: LoadedRecord[] = [];
  for (const input of inputs) {
    const path = resolve(input);
    if (!existsSync(path)) throw new BenchError('BAD_INPUT', `${input} does not exist`, { hint: 'pass results folders (results/<timestamp>) or record files' });
    if (statSync(path).isDirectory()) {
      const files = recordFilesIn(path);
      if (files.length === 0) throw new BenchError('BAD_INPUT', `${input} holds no record files (*.json)`, { hint: 'run `npx nx run compare:matrix` first' });
      for (const f of files) for (const record of parseFile(f)) out.push({ record, source: basename(path), path: f });
    } else {
      for (const record of parseFile(path)) out.push({ record, source: basename(path).replace(/\.json$/, ''), path });
    }
  }
  return out;
}
