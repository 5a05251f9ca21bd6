/**
 * A download progress bar on stderr: bytes, percentage, speed and ETA. Drawn in place (carriage return) when the
 * stream is a terminal; when forced on a non-terminal (MODELBENCH_PROGRESS=1, or `mode: 'always'`) it prints a
 * plain line at most once a second. MODELBENCH_PROGRESS=0 turns it off.
 */
import { formatBytes, formatClock } from '@modelbench/core';

export interface ProgressStart {
  label: string;
  totalBytes: number | undefined;
  /** bytes already on disk from an earlier, interrupted attempt */
  resumedFromBytes: number;
}

export interface ProgressSink {
  start(info: ProgressStart): void;
  /** bytes received since the last call */
  advance(bytes: number): void;
  end(ok: boolean): void;
}

export type ProgressMode = 'auto' | 'always' | 'never';

export interface ProgressLine {
  label: string;
  doneBytes: number;
  totalBytes: number | undefined;
  bytesPerSecond: number;
  /** columns for the bar; 0 leaves it out */
  barWidth: number;
}

/** One line of the bar, pure so it can be tested exactly. */
export function renderProgressLine(p: ProgressLine): string {
  const speed = `${formatBytes(p.bytesPerSecond)}/s`;
  if (p.totalBytes === undefined || p.totalBytes <= 0) return `${p.label}  ${formatBytes(p.doneBytes)}  ${speed}`;
  const fraction = Math.min(1, p.doneBytes / p.totalBytes);
  const eta = p.bytesPerSecond > 0 ? (p.totalBytes - p.doneBytes) / p.bytesPerSecond : Number.NaN;
  const filled = Math.round(fraction * p.barWidth);
  const bar = p.barWidth > 0 ? ` [${'#'.repeat(filled)}${'.'.repeat(p.barWidth - filled)}]` : '';
  const pct = `${(fraction * 100).toFixed(0).padStart(3)}%`;
  return `${p.label}${bar} ${formatBytes(p.doneBytes)} / ${formatBytes(p.totalBytes)} ${pct}  ${speed}  ETA ${formatClock(eta * 1000)}`;
}

export interface ProgressBarOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  mode?: ProgressMode;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/** Whether a bar is drawn for these options. */
export function progressEnabled(options: ProgressBarOptions = {}): boolean {
  const env = options.env ?? process.env;
  const forced = env.MODELBENCH_PROGRESS;
  const mode = options.mode ?? (forced === '1' ? 'always' : forced === '0' ? 'never' : 'auto');
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  return (options.stream ?? process.stderr).isTTY === true;
}

/** A progress sink for stderr, or undefined when progress is off (not a terminal and not forced). */
export function createProgressBar(options: ProgressBarOptions = {}): ProgressSink | undefined {
  if (!progressEnabled(options)) return undefined;
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const intervalMs = tty ? 100 : 1000;
  let info: ProgressStart = { label: '', totalBytes: undefined, resumedFromBytes: 0 };
  let received = 0;
  let startedMs = 0;
  let lastDrawMs = -Infinity;

  const draw = (final: boolean): void => {
    const t = now();
    if (!final && t - lastDrawMs < intervalMs) return;
    lastDrawMs = t;
    const seconds = Math.max(1e-3, (t - startedMs) / 1000);
    const columns = stream.columns ?? 100;
    const line = renderProgressLine({
      label: info.label,
      doneBytes: info.resumedFromBytes + received,
      totalBytes: info.totalBytes,
      bytesPerSecond: received / seconds,
      barWidth: tty ? Math.max(0, Math.min(30, columns - 80)) : 0,
    });
    stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };

  return {
    start(i) {
      info = i;
      received = 0;
      startedMs = now();
      lastDrawMs = -Infinity;
      draw(false);
    },
    advance(bytes) {
      received += bytes;
      draw(false);
    },
    end(ok) {
      draw(true);
      if (tty) stream.write(ok ? '\n' : ' (interrupted)\n');
    },
  };
}
