/**
 * Runs one cell: a child process of the workload's `performance` command line with `--json <file> --quiet`, then
 * reads the record it wrote — an ok record, or the child's own error record (child-record.ts); nothing is scraped
 * from its output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { RunRecord } from '@modelbench/core';
import { cellNoRecordError, exitText, readRunRecord } from './child-record.ts';
import type { AnyCellSpec } from './cell.ts';
import { NO_SCENARIO_FLAGS, scenarioFlagArgs, type ScenarioPassThrough } from './results-folder.ts';
import { workloadMainPath } from './workloads.ts';

export interface CellRunRequest {
  rootDir: string;
  spec: AnyCellSpec;
  batch: number | null;
  iterations: number | null;
  warmup: number | null;
  profileDir: string | null;
  /** where the child writes its record (a temporary name; the caller moves it into place) */
  recordPath: string;
  timeoutMs: number;
  /** the matrix calibrates the GEMM peak itself (once per backend and threads): the cell skips its own */
  matrixCalibration?: boolean;
  /** passed to scenario cells only (the plain loop takes none of them) */
  scenarioFlags?: ScenarioPassThrough;
}

export type CellRunOutcome =
  | { status: 'ok'; record: RunRecord; durationMs: number }
  /** `record`: the child's own error record, when it wrote one */
  | { status: 'error'; error: { code: string; message: string; hint?: string }; record: RunRecord | null; durationMs: number };

/** The arguments after `performance`, exactly as a person would type them. */
export function cellArguments(r: Omit<CellRunRequest, 'rootDir' | 'timeoutMs'>): string[] {
  const args = ['--backend', r.spec.backend, '--threads', String(r.spec.threads)];
  if (r.spec.precision === 'bf16') args.push('--bf16');
  if (r.spec.scenario) args.push('--scenario', r.spec.scenario);
  if (r.spec.instances != null) args.push('--instances', String(r.spec.instances));
  if (r.batch !== null) args.push('--batch', String(r.batch));
  if (r.spec.scenario) {
    // a scenario runs to its minima and warms up on its own; --profiling is the plain loop's only; the server's
    // flags go to server cells only
    args.push(...scenarioFlagArgs(r.scenarioFlags ?? NO_SCENARIO_FLAGS, r.spec.scenario));
  } else {
    if (r.iterations !== null) args.push('--iterations', String(r.iterations));
    if (r.warmup !== null) args.push('--warmup', String(r.warmup));
    if (r.profileDir !== null) args.push('--profiling', '--profile-dir', r.profileDir);
  }
  if (r.matrixCalibration) args.push('--no-calibration');
  args.push('--json', r.recordPath, '--quiet');
  return args;
}

let running: ChildProcess | undefined;

/** Stops the cell in progress (on Ctrl-C), so no benchmark outlives the matrix. */
export function stopRunningCell(): void {
  if (running && running.exitCode === null) running.kill('SIGTERM');
}

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MAX_CAPTURE_CHARS = 64 * 1024;

export function runCell(r: CellRunRequest): Promise<CellRunOutcome> {
  const started = performance.now();
  rmSync(r.recordPath, { force: true });
  const argv = ['--import', TSX_LOADER, workloadMainPath(r.rootDir, r.spec.workload), 'performance', ...cellArguments(r)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: r.rootDir, stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    // stdout is drained (the child prints its [TARGET] line there); stderr's tail is kept only to quote a child that
    // dies without writing its record
    let stderr = '';
    child.stdout!.resume();
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-MAX_CAPTURE_CHARS)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, r.timeoutMs);
    const finish = (outcome: CellRunOutcome): void => {
      clearTimeout(timer);
      running = undefined;
      rmSync(r.recordPath, { force: true });
      resolve(outcome);
    };
    child.on('error', (e) => finish({ status: 'error', error: { code: 'CELL_FAILED', message: `cannot start ${process.execPath}: ${e.message}` }, record: null, durationMs: performance.now() - started }));
    child.on('close', (code, signal) => {
      const durationMs = performance.now() - started;
      if (timedOut) {
        return finish({ status: 'error', error: { code: 'CELL_TIMEOUT', message: `performance did not finish within ${Math.round(r.timeoutMs / 1000)} s and was stopped` }, record: null, durationMs });
      }
      // the record the child wrote says what happened; its stderr is only quoted when it wrote none
      const child = readRunRecord(r.recordPath);
      if (child.kind === 'invalid') return finish({ status: 'error', error: { code: 'BAD_RECORD', message: child.problem }, record: null, durationMs });
      if (child.kind === 'missing') return finish({ status: 'error', error: code === 0 ? { code: 'BAD_RECORD', message: `performance exited 0 but wrote no record at ${r.recordPath}` } : cellNoRecordError({ code, signal }, stderr), record: null, durationMs });
      const rec = child.record;
      if (rec.status === 'ok' && code === 0) return finish({ status: 'ok', record: rec, durationMs });
      const error = rec.error ?? { code: 'CELL_FAILED', message: `performance ${exitText({ code, signal })} although its record says ${rec.status}` };
      finish({ status: 'error', error, record: rec.status === 'error' ? rec : null, durationMs });
    });
  });
}
