/**
 * What a child `performance --json FILE` left in FILE, read as a record — never scraped from its stderr. The workload
 * writes a RunRecord there whatever happens after its flags parse: `ok`, or `error` with its own code, message and
 * hint (harness workload-main.ts). The matrix and the fleet keep that record for a failed cell, giving it the cell's
 * identity where it has none (an error record has no config).
 */
import { existsSync, readFileSync } from 'node:fs';
import { noRecordError, runRecordProblems, type ErrorInfo, type RunRecord } from '@modelbench/core';

export type ChildRecord = { kind: 'record'; record: RunRecord } | { kind: 'missing' } | { kind: 'invalid'; problem: string };

/** Reads and checks a record file against the RunRecord schema (one record; an array is not a child's record). */
export function readRunRecord(path: string): ChildRecord {
  if (!existsSync(path)) return { kind: 'missing' };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { kind: 'invalid', problem: `the record at ${path} is not JSON: ${(e as Error).message}` };
  }
  const problems = runRecordProblems(value);
  if (problems.length) return { kind: 'invalid', problem: `the record at ${path} does not match the RunRecord schema: ${problems.slice(0, 3).join('; ')}` };
  return { kind: 'record', record: value as RunRecord };
}

/**
 * The child's record with the cell's identity: its own config when it has one (the matrix tag added to its extra),
 * else the config of `cell` (the record the matrix would have written), so reports name the cell that failed.
 */
export function withCellIdentity(child: RunRecord, cell: RunRecord): RunRecord {
  const tag = cell.config?.extra ?? {};
  if (child.config) return { ...child, config: { ...child.config, extra: { ...child.config.extra, ...tag } } } as RunRecord;
  return { ...child, config: cell.config, backend: child.backend ?? cell.backend } as RunRecord;
}

/** How a child ended, in words: `exited with code 2`, `was killed by SIGKILL`. */
export function exitText(exit: { code: number | null; signal: string | null }): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** The error of a child that left no record (core's noRecordError), with the matrix's hint. */
export function cellNoRecordError(exit: { code: number | null; signal: string | null }, stderrTail: string): ErrorInfo {
  return noRecordError(exit, stderrTail, 'run the cell\'s command line by hand (the matrix progress line names the cell) to see its whole output');
}
