/**
 * The matrix's progress display: which cell (k/n), time elapsed, and the time remaining estimated from the cells
 * measured so far (mean duration × cells still to run; skipped and already-finished cells cost nothing).
 */
import { formatClock } from '@modelbench/core';

/** core's clock formatter, `?` while unknown (kept under this name for fleet and the tests). */
export function formatDuration(ms: number): string {
  return formatClock(ms, '?');
}

/** The mean of the measured cells × the cells left; before any was measured, `beforeAnyMs` (cell-estimate.ts) or null. */
export function estimateRemainingMs(measuredDurationsMs: readonly number[], cellsLeftToRun: number, beforeAnyMs: number | null = null): number | null {
  if (cellsLeftToRun <= 0) return 0;
  if (measuredDurationsMs.length === 0) return beforeAnyMs;
  const meanMs = measuredDurationsMs.reduce((a, b) => a + b, 0) / measuredDurationsMs.length;
  return meanMs * cellsLeftToRun;
}

export interface ProgressState {
  index: number;
  total: number;
  label: string;
  elapsedMs: number;
  remainingMs: number | null;
}

export function progressLine(p: ProgressState, what: string): string {
  const left = p.remainingMs === null ? 'remaining unknown' : `~${formatDuration(p.remainingMs)} left`;
  return `[${p.index}/${p.total}] ${p.label} — ${what} (elapsed ${formatDuration(p.elapsedMs)}, ${left})`;
}

/** Writes progress to a stream; on a terminal the running cell's line ticks every second. */
export class ProgressPrinter {
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly out: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean }) {}

  running(state: () => ProgressState): void {
    const tty = Boolean(this.out.isTTY);
    if (!tty) {
      this.out.write(progressLine(state(), 'running') + '\n');
      return;
    }
    const draw = (): void => void this.out.write(`\r\x1b[2K${progressLine(state(), 'running')}`);
    draw();
    this.timer = setInterval(draw, 1000);
    this.timer.unref();
  }

  done(state: ProgressState, result: string): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.out.write(`${this.out.isTTY ? '\r\x1b[2K' : ''}${progressLine(state, result)}\n`);
  }

  info(line: string): void {
    this.out.write(line + '\n');
  }
}
