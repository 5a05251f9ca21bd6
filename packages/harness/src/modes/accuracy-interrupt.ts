/**
 * Ctrl-C / SIGTERM while an accuracy run predicts its samples: every prediction made so far is already on disk (each
 * is appended whole, synchronously, the moment it is made), so the run says in one line how many samples are kept,
 * where, and how to resume, and exits 130 / 143. Nothing is scored or reported for a run that did not finish.
 */
import { SIGNAL_EXIT_CODES, type GuardedSignal } from './scenario-interrupt.ts';

export interface AccuracyProgress {
  /** samples of this run with both sides' predictions on disk (an earlier run's included) */
  kept: number;
  /** samples this run covers */
  total: number;
  outDir: string;
  /** the side folders, e.g. ['fp32', 'bf16-emulated'] */
  sides: readonly string[];
}

export function accuracyInterruptLine(signal: GuardedSignal, p: AccuracyProgress): string {
  return (
    `interrupted by ${signal}: ${p.kept} of ${p.total} samples are kept in ${p.outDir} (${p.sides.map((s) => `${s}/`).join(', ')}); ` +
    'run the same command again to resume from there (--fresh starts over)'
  );
}

export interface AccuracyInterruptHooks {
  exit?: (code: number) => void;
  say?: (line: string) => void;
}

/** Installs the SIGINT/SIGTERM handlers; returns the function that removes them. */
export function guardAccuracyInterrupt(progress: () => AccuracyProgress, hooks: AccuracyInterruptHooks = {}): () => void {
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  const say = hooks.say ?? ((line: string) => void process.stderr.write(line + '\n'));
  const handlers = new Map<GuardedSignal, () => void>();
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as GuardedSignal[]) {
    const handler = (): void => {
      say(accuracyInterruptLine(signal, progress()));
      exit(SIGNAL_EXIT_CODES[signal]);
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    handlers.clear();
  };
}
