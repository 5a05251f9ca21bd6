/**
 * Progress of a long run on stderr, so a benchmark that takes minutes is never silent.
 *
 * - terminal (`stream.isTTY`): one live line, redrawn in place with `\r` + clear-line, at most every 250 ms and at
 *   least every second: `[label] phase i of N · elapsed 0:12 · ETA 0:25`. `done()` clears it.
 * - anything else (CI logs, pipes): the same text as a plain line, at most one every `intervalMs` (10 s): the first
 *   phase is printed at once, later states only when the interval has passed since the last line.
 * - `quiet`: nothing at all (`note` included).
 *
 * `note(line)` prints an informational line in every mode but quiet; on a terminal it goes above the live line.
 * The ETA is for the current phase, from the time it has taken for `done` of `total` steps. Elapsed counts from
 * `createProgress`. Lines are cut to the terminal's width so a redraw never wraps.
 */
export interface Progress {
  phase(name: string, total?: number): void;
  tick(done: number): void;
  /** A better estimate of the current phase's step count (e.g. what a time budget allows), keeping its clock. */
  retotal?(total: number | undefined): void;
  note(line: string): void;
  done(): void;
}

export interface ProgressOptions {
  quiet: boolean;
  label: string;
  stream?: NodeJS.WriteStream;
  now?: () => number;
  intervalMs?: number;
}

import { formatClock } from './format.ts';

const CLEAR_LINE = '\r\x1b[2K';
const TTY_MIN_REDRAW_MS = 250;
const TTY_HEARTBEAT_MS = 1000;
const DEFAULT_INTERVAL_MS = 10_000;

export interface ProgressState {
  label: string;
  phase: string;
  total: number | undefined;
  done: number;
  elapsedMs: number;
  phaseElapsedMs: number;
}

/** Pure: the text of a progress line. */
export function progressLine(s: ProgressState): string {
  const parts = [`[${s.label}] ${s.phase}`];
  if (s.total !== undefined && s.total > 0) parts[0] += ` ${Math.min(s.done, s.total)} of ${s.total}`;
  parts.push(`elapsed ${formatClock(s.elapsedMs)}`);
  if (s.total !== undefined && s.total > 0 && s.done > 0) {
    const etaMs = (s.phaseElapsedMs / s.done) * Math.max(0, s.total - s.done);
    parts.push(`ETA ${formatClock(etaMs)}`);
  }
  return parts.join(' · ');
}

const nothing = (): void => undefined;
const SILENT: Progress = { phase: nothing, tick: nothing, note: nothing, done: nothing };

export function createProgress(opts: ProgressOptions): Progress {
  if (opts.quiet) return SILENT;
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const tty = stream.isTTY === true;
  const intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const startMs = now();
  let phaseName: string | undefined;
  let phaseStartMs = startMs;
  let total: number | undefined;
  let doneSteps = 0;
  let lastDrawMs = -Infinity;
  let shown = false; // tty: a live line is on screen
  let finished = false;
  let timer: NodeJS.Timeout | undefined;

  const text = (): string => {
    const t = now();
    const line = progressLine({
      label: opts.label,
      phase: phaseName ?? '',
      total,
      done: doneSteps,
      elapsedMs: t - startMs,
      phaseElapsedMs: t - phaseStartMs,
    });
    const columns = tty ? stream.columns : undefined;
    return columns && columns > 1 && line.length > columns - 1 ? line.slice(0, columns - 1) : line;
  };

  const draw = (force: boolean): void => {
    if (finished || phaseName === undefined) return;
    const t = now();
    if (tty) {
      if (!force && t - lastDrawMs < TTY_MIN_REDRAW_MS) return;
      stream.write(CLEAR_LINE + text());
      shown = true;
    } else {
      if (!force && t - lastDrawMs < intervalMs) return;
      stream.write(text() + '\n');
    }
    lastDrawMs = t;
  };

  const startTimer = (): void => {
    if (timer) return;
    timer = setInterval(() => draw(false), tty ? TTY_HEARTBEAT_MS : intervalMs);
    timer.unref();
  };

  return {
    phase(name, phaseTotal) {
      if (finished) return;
      const first = phaseName === undefined;
      phaseName = name;
      total = phaseTotal;
      doneSteps = 0;
      phaseStartMs = now();
      // a new phase is drawn at once on a terminal; in a log only the first one is, the rest wait for the interval
      draw(tty || first);
      startTimer();
    },
    tick(done) {
      if (finished) return;
      doneSteps = done;
      draw(tty && total !== undefined && done >= total);
    },
    retotal(phaseTotal) {
      if (finished) return;
      total = phaseTotal;
    },
    note(line) {
      if (finished) {
        stream.write(line + '\n');
        return;
      }
      if (tty && shown) stream.write(CLEAR_LINE);
      stream.write(line + '\n');
      shown = false;
      if (tty) draw(true);
    },
    done() {
      if (finished) return;
      finished = true;
      if (timer) clearInterval(timer);
      if (tty && shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}
