/**
 * A progress bar with ETA for long accuracy runs, drawn on stderr only when it is a terminal (a pipe or CI log gets
 * nothing). `formatProgress` is the pure part: `[#####.....] 1200/50000 2.4 % 35.1/s ETA 23m10s`.
 */

export function formatDurationShort(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

/** `done` of `total` after `elapsedMs` (of this session; `resumed` samples were done before it and do not count in the rate). */
export function formatProgress(done: number, total: number, elapsedMs: number, resumed = 0, barWidth = 24): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * barWidth);
  const rate = elapsedMs > 0 ? ((done - resumed) * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? formatDurationShort((total - done) / rate) : '?';
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${total} ${(100 * fraction).toFixed(1)} % ${rate.toFixed(1)}/s ETA ${eta}`;
}

export interface Progress {
  update(done: number): void;
  finish(): void;
}

export function createProgress(total: number, resumed = 0, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  const started = now();
  let last = 0;
  let drawn = false;
  const draw = (done: number): void => {
    stream.write(`\r${formatProgress(done, total, now() - started, resumed)}\x1b[K`);
    drawn = true;
  };
  return {
    update(done: number) {
      const t = now();
      if (t - last < 100 && done < total) return; // at most 10 redraws a second
      last = t;
      draw(done);
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
