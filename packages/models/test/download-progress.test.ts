/** The progress bar: exact line rendering, when it draws at all, and throttling. */
import { describe, expect, it } from 'vitest';
import { formatClock } from '@modelbench/core';
import { createProgressBar, progressEnabled, renderProgressLine } from '../src/download/progress.ts';

function fakeStream(isTTY: boolean): { writes: string[]; stream: NodeJS.WritableStream & { isTTY: boolean; columns: number } } {
  const writes: string[] = [];
  const stream = { isTTY, columns: 100, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean; columns: number };
  return { writes, stream };
}

describe('progress line', () => {
  it('shows bytes, percentage, speed and ETA', () => {
    const mib = 1024 * 1024;
    expect(renderProgressLine({ label: 'ssd-12', doneBytes: 25 * mib, totalBytes: 100 * mib, bytesPerSecond: 5 * mib, barWidth: 10 })).toBe(
      'ssd-12 [###.......] 25.0 MiB / 100.0 MiB  25%  5.0 MiB/s  ETA 0:15',
    );
    expect(renderProgressLine({ label: 'x', doneBytes: 2048, totalBytes: undefined, bytesPerSecond: 1024, barWidth: 10 })).toBe('x  2.0 KiB  1.0 KiB/s');
    expect(renderProgressLine({ label: 'x', doneBytes: 0, totalBytes: 10, bytesPerSecond: 0, barWidth: 0 })).toBe('x 0 B / 10 B   0%  0 B/s  ETA --:--');
  });

  it('formats durations', () => {
    // the ETA goes through core's one clock formatter (ms)
    expect([formatClock(0), formatClock(59_600), formatClock(61_000), formatClock(3_725_000), formatClock(Number.NaN)]).toEqual(['0:00', '1:00', '1:01', '1:02:05', '--:--']);
  });
});

describe('progress bar', () => {
  it('draws only on a terminal unless forced, and MODELBENCH_PROGRESS overrides', () => {
    expect(progressEnabled({ stream: fakeStream(false).stream, env: {} })).toBe(false);
    expect(progressEnabled({ stream: fakeStream(true).stream, env: {} })).toBe(true);
    expect(progressEnabled({ stream: fakeStream(false).stream, env: { MODELBENCH_PROGRESS: '1' } })).toBe(true);
    expect(progressEnabled({ stream: fakeStream(true).stream, env: { MODELBENCH_PROGRESS: '0' } })).toBe(false);
    expect(createProgressBar({ stream: fakeStream(false).stream, env: {} })).toBeUndefined();
  });

  it('redraws in place on a terminal, throttled, counting resumed bytes, and ends the line', () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const bar = createProgressBar({ stream, env: {}, now: () => t });
    bar?.start({ label: 'm', totalBytes: 4096, resumedFromBytes: 1024 });
    t = 50;
    bar?.advance(1024); // within 100 ms of the last draw: skipped
    t = 1000;
    bar?.advance(1024); // 2048 new bytes in 1 s
    bar?.end(true);
    expect(writes.length).toBe(4);
    expect(writes[0]).toBe('\rm [#####...............] 1.0 KiB / 4.0 KiB  25%  0 B/s  ETA --:--\x1b[K');
    expect(writes[1]).toBe(writes[2]);
    expect(writes[2]).toBe('\rm [###############.....] 3.0 KiB / 4.0 KiB  75%  2.0 KiB/s  ETA 0:01\x1b[K');
    expect(writes[3]).toBe('\n');
  });

  it('prints plain lines when forced on a non-terminal', () => {
    const { writes, stream } = fakeStream(false);
    const bar = createProgressBar({ stream, mode: 'always', now: () => 0 });
    bar?.start({ label: 'm', totalBytes: 10, resumedFromBytes: 0 });
    bar?.end(true);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
  });
});
