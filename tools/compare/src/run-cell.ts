/**
 * Runs one cell: a child process of the workload's `performance` command line with `--json <file> --quiet`, then
 * reads the record it wrote. A failed run becomes an error record carrying the command line's own one-line message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { runRecordProblems, type RunRecord } from '@modelbench/core';
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
  | { status: 'ok'; record: RunRecord; targetLine: string | null; durationMs: number }
  | { status: 'error'; error: { code: string; message: string; hint?: string }; durationMs: number };

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

/** The last `error [CODE]: message` (and `fix:` hint) the CLI printed; otherwise the last line, or the exit status. */
export function parseCliError(stderr: string, exit: { code: number | null; signal: string | null }): { code: string; message: string; hint?: string } {
  const lines = stderr.split('\n').map((l) => l.trimEnd());
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^error \[([A-Z0-9_]+)\]: (.*)$/.exec(lines[i] as string);
    if (m) {
      const fix = /^\s+fix: (.*)$/.exec(lines[i + 1] ?? '');
      return { code: m[1] as string, message: m[2] as string, ...(fix ? { hint: fix[1] as string } : {}) };
    }
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const last = lines.filter((l) => l.trim().length > 0).at(-1);
  return { code: 'CELL_FAILED', message: last ? `performance ${how}: ${last.trim()}` : `performance ${how} without a message` };
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
    let stdout = '';
    let stderr = '';
    const keep = (s: string, chunk: Buffer): string => (s + chunk.toString('utf8')).slice(-MAX_CAPTURE_CHARS);
    child.stdout!.on('data', (c: Buffer) => (stdout = keep(stdout, c)));
    child.stderr!.on('data', (c: Buffer) => (stderr = keep(stderr, c)));
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
    child.on('error', (e) => finish({ status: 'error', error: { code: 'CELL_FAILED', message: `cannot start ${process.execPath}: ${e.message}` }, durationMs: performance.now() - started }));
    child.on('close', (code, signal) => {
      const durationMs = performance.now() - started;
      if (timedOut) {
        return finish({ status: 'error', error: { code: 'CELL_TIMEOUT', message: `performance did not finish within ${Math.round(r.timeoutMs / 1000)} s and was stopped` }, durationMs });
      }
      if (code !== 0) return finish({ status: 'error', error: parseCliError(stderr, { code, signal }), durationMs });
      const record = readRecord(r.recordPath);
      if ('problem' in record) return finish({ status: 'error', error: { code: 'BAD_RECORD', message: record.problem }, durationMs });
      const targetLine = stdout.split('\n').find((l) => l.startsWith('[TARGET]')) ?? null;
      finish({ status: 'ok', record: record.record, targetLine, durationMs });
    });
  });
}

function readRecord(path: string): { record: RunRecord } | { problem: string } {
  if (!existsSync(path)) return { problem: `performance exited 0 but wrote no record at ${path}` };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { problem: `the record at ${path} is not JSON: ${(e as Error).message}` };
  }
  const problems = runRecordProblems(value);
  if (problems.length) return { problem: `the record does not match the RunRecord schema: ${problems.slice(0, 3).join('; ')}` };
  return { record: value as RunRecord };
}
