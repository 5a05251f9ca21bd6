/**
 * The record a CLI given `--json` leaves when its run fails after the command line parsed: `status: 'error'` with the
 * error's code, message and hint and whatever context is known, written atomically, so a script reading the file
 * never finds it missing or half written.
 */
import type { LoadSnapshot } from './environment-schema.ts';
import { isBenchError } from './errors.ts';
import type { ErrorInfo, RunRecord } from './record.ts';
import { buildRecord } from './record-build.ts';
import { writeFileAtomic } from './reporters.ts';

export interface ErrorRecordContext {
  workload: string;
  /** 'performance' | 'validate' for workloads; a tool names its own (e.g. 'matrix', 'verify') */
  mode: string;
  startedAt: Date;
  /** the command line; process.argv when not given */
  argv?: string[];
  /** the load snapshot taken when the run started, when there is one */
  loadBefore?: LoadSnapshot | null;
}

/** What a thrown value says about itself, in the record's terms: a BenchError's code and hint, INTERNAL otherwise. */
export function errorInfo(err: unknown): ErrorInfo {
  if (isBenchError(err)) return err.hint ? { code: err.code, message: err.message, hint: err.hint } : { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
  return { code: 'INTERNAL', message, hint: 'set MODELBENCH_DEBUG=1 for the stack trace and report it' };
}

const nonEmpty = (value: unknown, fallback: string): string => (typeof value === 'string' && value.length > 0 ? value : fallback);

/**
 * The error record. It is written when something already went wrong, so it trusts nothing it is given: a missing
 * workload or mode becomes 'unknown', an invalid start time becomes now, and the result always matches the schema.
 */
export function errorRecord(ctx: ErrorRecordContext, err: unknown): RunRecord {
  const started = ctx.startedAt instanceof Date && !Number.isNaN(ctx.startedAt.getTime()) ? ctx.startedAt : new Date();
  const argv = Array.isArray(ctx.argv) ? ctx.argv.map(String) : undefined;
  const error = errorInfo(err);
  // the one record builder: nothing measured, so no latency, throughput, GFLOP/s or efficiency; an error record's
  // mode may also name a tool ('matrix', 'verify') or be unknown, which the schema's error variant allows
  const record = buildRecord({
    mode: 'performance',
    workload: nonEmpty(ctx.workload, 'unknown'),
    startedAt: started,
    model: null,
    backend: null,
    config: null,
    ...(argv ? { argv } : {}),
    loadBefore: ctx.loadBefore,
    error,
  });
  return { ...record, status: 'error', mode: nonEmpty(ctx.mode, 'unknown'), error };
}

/** Writes the error record of a failed run to `path`, atomically. */
export function writeErrorRecord(path: string, ctx: ErrorRecordContext, err: unknown): void {
  writeFileAtomic(path, JSON.stringify(errorRecord(ctx, err), null, 2) + '\n');
}

/**
 * The error of a child run given `--json` that ended without writing its record (before its flags parsed, or a
 * crash), for tools that run workloads as children (compare's matrix, the fleet's pods): how it ended, and its last
 * stderr lines quoted as they are — never parsed, the record being where a run says what happened.
 */
export function noRecordError(exit: { code: number | null; signal: string | null }, stderrTail: string, hint: string): ErrorInfo {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const last = stderrTail.split('\n').map((l) => l.trim()).filter(Boolean).slice(-2);
  return { code: 'CELL_FAILED', message: `performance ${how} without writing its record${last.length ? `; its last lines: ${last.join(' / ')}` : ''}`, hint };
}
