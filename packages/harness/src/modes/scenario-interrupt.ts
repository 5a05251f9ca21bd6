/**
 * Ctrl-C / SIGTERM during a performance run: say so in one line, end the instances (worker threads, pinned child
 * processes), and exit 130 / 143 before anything is written — records and reports are only written, atomically, once
 * a run has finished, so an interrupted run leaves no file at all.
 */

export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type GuardedSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface InterruptHooks {
  /** ends what the run started (instances); awaited, but never for long */
  cleanUp?: () => Promise<void>;
  /** process.exit by default; tests pass their own */
  exit?: (code: number) => void;
  /** where the one line goes (stderr by default) */
  say?: (line: string) => void;
}

/** Runs `body` with SIGINT/SIGTERM handlers in place (removed afterwards, whatever happens). */
export async function withInterruptGuard<T>(body: () => Promise<T>, hooks: InterruptHooks = {}): Promise<T> {
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  const say = hooks.say ?? ((line: string) => void process.stderr.write(line + '\n'));
  let stopping = false;
  const handlers = new Map<GuardedSignal, () => void>();
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as GuardedSignal[]) {
    const handler = (): void => {
      if (stopping) return;
      stopping = true;
      say(`interrupted by ${signal}: the run was stopped and no record was written (run it again to measure)`);
      void (hooks.cleanUp?.() ?? Promise.resolve())
        .catch(() => undefined)
        .finally(() => exit(SIGNAL_EXIT_CODES[signal]));
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  try {
    // once a signal came, the body's outcome (an instance ended under it fails the run) must reach nobody: no error
    // record, no report — the process exits from the handler
    const outcome = body();
    return await new Promise<T>((resolve, reject) => {
      outcome.then(
        (v) => (stopping ? undefined : resolve(v)),
        (e: unknown) => (stopping ? undefined : reject(e)),
      );
    });
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
