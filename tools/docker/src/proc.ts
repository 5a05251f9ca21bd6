/** Child processes for the build-test: captured output, optional live echo, a timeout, and typed failures. */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** echo output live to our stderr, each line prefixed */
  echo?: string;
  input?: string;
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly command: string,
    readonly result: RunResult,
  ) {
    const tail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-15).join('\n');
    super(`${command} ${result.timedOut ? 'timed out' : `exited ${result.code}`} after ${(result.durationMs / 1000).toFixed(1)} s${tail ? `:\n${tail}` : ''}`);
  }
}

function echoLines(prefix: string, chunk: string, carry: { rest: string }): void {
  const text = carry.rest + chunk;
  const lines = text.split('\n');
  carry.rest = lines.pop() ?? '';
  for (const l of lines) process.stderr.write(`${prefix}${l}\n`);
}

export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolveResult) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const carryOut = { rest: '' };
    const carryErr = { rest: '' };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (opts.echo !== undefined) echoLines(opts.echo, d, carryOut);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (opts.echo !== undefined) echoLines(opts.echo, d, carryErr);
    });
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }, opts.timeoutMs);
    child.on('error', (e) => {
      stderr += `${e.message}\n`;
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (opts.echo !== undefined) {
        if (carryOut.rest) process.stderr.write(`${opts.echo}${carryOut.rest}\n`);
        if (carryErr.rest) process.stderr.write(`${opts.echo}${carryErr.rest}\n`);
      }
      const exit = code ?? (signal ? 128 : 1);
      resolveResult({ code: timedOut ? 124 : exit, stdout, stderr, durationMs: performance.now() - started, timedOut });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs and throws {@link CommandError} unless it exits 0. */
export async function runOk(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new CommandError([cmd, ...args].join(' '), r);
  return r;
}

/** The first executable `name` on PATH (or among `extraDirs`), else undefined. */
export function which(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const d of dirs) {
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}
