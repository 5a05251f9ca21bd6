/**
 * Ctrl-C / SIGTERM while a synthetic model is built: the build (a worker) is ended, its temp files and the lock are
 * removed at once rather than by the next run, one line says so, and the process exits 130 / 143. A build that had
 * already written its files keeps them (the files are complete: both are renamed into place whole).
 */
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { BuildHandle } from './synthetic-build.ts';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Signal = keyof typeof EXIT_CODES;

export interface SyntheticInterruptState {
  /** the model file being built; its sidecar is `sidecar` */
  model: string;
  sidecar: string;
  /** the running build, once started */
  handle(): BuildHandle | undefined;
  /** both files are in place */
  finished(): boolean;
  releaseLock(): Promise<void>;
}

export interface SyntheticInterruptHooks {
  exit?: (code: number) => void;
  say?: (line: string) => void;
}

export function syntheticInterruptLine(signal: Signal, model: string, finished: boolean): string {
  const name = basename(model, '.onnx');
  return finished
    ? `interrupted by ${signal} after synthesizing ${name}: the model is complete and kept`
    : `interrupted by ${signal} while synthesizing ${name}: stopped, nothing kept (its temp files and lock are removed); run the command again to build it`;
}

export interface SyntheticGuard {
  /** a signal came: the process is exiting from the handler, and the build's outcome must reach nobody */
  stopping(): boolean;
  release(): void;
}

/** Installs the handlers for one build. */
export function guardSyntheticInterrupt(state: SyntheticInterruptState, hooks: SyntheticInterruptHooks = {}): SyntheticGuard {
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  const say = hooks.say ?? ((line: string) => void process.stderr.write(`\n${line}\n`));
  let stopping = false;
  const handlers = new Map<Signal, () => void>();
  for (const signal of Object.keys(EXIT_CODES) as Signal[]) {
    const handler = (): void => {
      if (stopping) return;
      stopping = true;
      const finished = state.finished();
      void (async () => {
        await state.handle()?.terminate().catch(() => undefined);
        if (!finished) for (const f of [state.model, state.sidecar]) await fs.rm(`${f}.${process.pid}.tmp`, { force: true }).catch(() => undefined);
        await state.releaseLock().catch(() => undefined);
        say(syntheticInterruptLine(signal, state.model, finished));
      })().finally(() => exit(EXIT_CODES[signal]));
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return {
    stopping: () => stopping,
    release: () => {
      if (stopping) return; // the handler is finishing the cleanup and will exit
      for (const [signal, handler] of handlers) process.off(signal, handler);
      handlers.clear();
    },
  };
}
