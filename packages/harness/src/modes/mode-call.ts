/**
 * What every mode runner (performance, tune, validate, accuracy) is called with, made once by the workload's command
 * line (workload-main.ts): the workload, its mode's parsed flags, the positional arguments, the backends and when
 * the run started (the record's startedAt, the error record's too).
 */
import type { BackendRegistry } from '@modelbench/backends';

export interface ModeCall<W, F> {
  workload: W;
  flags: F;
  positionals: readonly string[];
  registry: BackendRegistry;
  startedAt: Date;
}
