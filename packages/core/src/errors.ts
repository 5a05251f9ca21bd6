/**
 * Typed errors. Every error a user can cause carries a stable `code`, a one-line message naming the problem and,
 * where there is one, a `hint` naming the fix. CLIs print `error [code]: message` and exit with `exitCode`.
 */
export type ErrorCode =
  | 'USAGE' // unknown flag, bad value
  | 'UNKNOWN_BACKEND'
  | 'BACKEND_UNAVAILABLE'
  | 'UNSUPPORTED_PRECISION'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_INVALID'
  | 'MODEL_SIGNATURE'
  | 'CHECKSUM_MISMATCH'
  | 'DOWNLOAD_FAILED'
  | 'OFFLINE'
  | 'IO'
  | 'BAD_INPUT'
  | 'INFERENCE_FAILED'
  | 'INTERNAL';

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'USAGE',
  'UNKNOWN_BACKEND',
  'BACKEND_UNAVAILABLE',
  'UNSUPPORTED_PRECISION',
  'MODEL_NOT_FOUND',
  'MODEL_INVALID',
  'MODEL_SIGNATURE',
  'CHECKSUM_MISMATCH',
  'OFFLINE',
  'IO',
  'BAD_INPUT',
]);

export class BenchError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** 2 for errors the user can fix by changing the command or its inputs; 1 otherwise. */
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BenchError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = USAGE_CODES.has(code) ? 2 : 1;
  }
}

export function isBenchError(e: unknown): e is BenchError {
  return e instanceof BenchError;
}

/** One line (two with a hint) for a terminal; never a stack trace unless MODELBENCH_DEBUG is set. */
export function formatError(e: unknown): string {
  if (isBenchError(e)) {
    return `error [${e.code}]: ${e.message}` + (e.hint ? `\n  fix: ${e.hint}` : '');
  }
  const message = e instanceof Error ? e.message : String(e);
  return `error [INTERNAL]: ${message}\n  (set MODELBENCH_DEBUG=1 for the stack trace)`;
}

/** Runs a CLI main, turning thrown errors into a message and an exit code. */
export async function runMain(main: () => Promise<number | void>): Promise<void> {
  try {
    const code = await main();
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (e) {
    process.stderr.write(formatError(e) + '\n');
    if (process.env.MODELBENCH_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exitCode = isBenchError(e) ? e.exitCode : 1;
  }
}
