/**
 * The progress of one run on stderr (core's createProgress: a live line on a terminal, a plain line every ~10 s
 * elsewhere, nothing with --quiet) and the adapters that feed it: the timing loop's stages, a catalogue download.
 * stdout is never touched. The mode runner makes one per run and ends it (`done()`) before its tables print;
 * `endRunProgress()` ends it too when a run fails, so the error line never lands on a half-drawn progress line.
 */
import { createProgress, type Progress, type TimingObserver, type TimingPlan } from '@modelbench/core';
import type { ProgressSink } from '@modelbench/models';

let active: Progress | undefined;

/**
 * The run's progress, labelled `<workload> <mode>`. With --quiet, or MODELBENCH_PROGRESS=0 in the environment (as for
 * the download bar), the phases show nothing, but a note (a cached model rebuilt, a download retried) is still a
 * plain stderr line, as it was before progress existed.
 */
export function runProgress(workload: string, mode: string, quiet: boolean | undefined, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  active?.done();
  const p: Progress = quiet || env.MODELBENCH_PROGRESS === '0'
    ? { phase: () => undefined, tick: () => undefined, done: () => undefined, note: (line) => void stream.write(`${line}\n`) }
    : createProgress({ quiet: false, label: `${workload} ${mode}`, stream });
  active = p;
  return p;
}

/** Clears the live line of the run in flight, if any (workload-main calls it after every mode, failed or not). */
export function endRunProgress(): void {
  active?.done();
  active = undefined;
}

/** What bounds the timed loop, for the phase's name: a count, a time budget, or a target RME (then a cap). */
export interface LoopBounds extends Pick<TimingPlan, 'warmupIterations' | 'warmupMs' | 'iterations' | 'timeBudgetMs'> {
  targetRmePercent?: number | undefined;
}

/**
 * The timing loop's stages as phases: `warm-up i of N` (no N when a warm-up time floor makes the count open), then
 * `timed iterations i of N`, or with no count `timed iterations (time budget S s)` / `(until RME ≤ P %)`.
 */
export function timingObserver(progress: Progress, b: LoopBounds): TimingObserver {
  return (stage, done) => {
    if (done > 0) return progress.tick(done);
    if (stage === 'warm-up') return progress.phase('warm-up', b.warmupMs > 0 ? undefined : b.warmupIterations);
    const until = b.targetRmePercent !== undefined ? ` (until RME ≤ ${b.targetRmePercent} %)` : b.iterations === undefined ? ` (time budget ${(b.timeBudgetMs ?? 0) / 1000} s)` : '';
    progress.phase(`timed iterations${until}`, b.iterations);
  };
}

/** The plain loop's flags that bound it (performance's defaults: 10 iterations unless a time budget is given). */
export interface PlainLoopBoundFlags {
  warmup: number;
  'warmup-ms': number;
  iterations?: number | undefined;
  'time-budget'?: number | undefined;
  'target-rme'?: number | undefined;
}

export function plainLoopBounds(f: PlainLoopBoundFlags): LoopBounds {
  const rme = f['target-rme'];
  return {
    warmupIterations: f.warmup,
    warmupMs: f['warmup-ms'],
    iterations: rme !== undefined ? f.iterations : (f.iterations ?? (f['time-budget'] === undefined ? 10 : undefined)),
    timeBudgetMs: f['time-budget'] !== undefined ? f['time-budget'] * 1000 : undefined,
    targetRmePercent: rme,
  };
}

const MB = 1e6;

/** A catalogue download shown as the run's phase, `downloading <file> (MB) i of N`, instead of a bar of its own. */
export function downloadSink(progress: Progress): ProgressSink {
  let receivedBytes = 0;
  return {
    start(info) {
      receivedBytes = 0;
      const leftBytes = info.totalBytes !== undefined ? info.totalBytes - info.resumedFromBytes : undefined;
      const resumed = info.resumedFromBytes > 0 ? `, resumed after ${Math.round(info.resumedFromBytes / MB)} MB` : '';
      progress.phase(`downloading ${info.label} (MB${resumed})`, leftBytes !== undefined && leftBytes > 0 ? Math.ceil(leftBytes / MB) : undefined);
    },
    advance(bytes) {
      receivedBytes += bytes;
      progress.tick(Math.floor(receivedBytes / MB));
    },
    end() {
      /* the next phase replaces the line */
    },
  };
}
