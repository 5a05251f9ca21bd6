import { describe, expect, it } from 'vitest';
import { formatClock } from '../src/format.ts';
import { createProgress, progressLine } from '../src/progress.ts';

interface FakeStream {
  isTTY?: boolean;
  columns?: number;
  chunks: string[];
  write(s: string): boolean;
}

function fakeStream(tty: boolean, columns?: number): FakeStream {
  return {
    isTTY: tty,
    columns,
    chunks: [],
    write(s: string) {
      this.chunks.push(s);
      return true;
    },
  };
}

function clock(startMs = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = startMs;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const asStream = (s: FakeStream): NodeJS.WriteStream => s as unknown as NodeJS.WriteStream;

describe('formatClock', () => {
  it('writes m:ss below an hour and h:mm:ss from one on', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(59_400)).toBe('0:59');
    expect(formatClock(59_600)).toBe('1:00');
    expect(formatClock(754_000)).toBe('12:34');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });

  it('is the one duration formatter: an unknown duration is its placeholder (default --:--, the matrix passes ?)', () => {
    expect([formatClock(Number.NaN), formatClock(-1), formatClock(Number.POSITIVE_INFINITY)]).toEqual(['--:--', '--:--', '--:--']);
    expect(formatClock(Number.NaN, '?')).toBe('?');
  });
});

describe('progressLine', () => {
  it('gives phase, step i of N, elapsed and an ETA from the phase rate', () => {
    // 3 of 10 in 6 s: 2 s a step, 7 to go → 14 s
    const line = progressLine({ label: 'resnet50', phase: 'timed iteration', total: 10, done: 3, elapsedMs: 65_000, phaseElapsedMs: 6_000 });
    expect(line).toBe('[resnet50] timed iteration 3 of 10 · elapsed 1:05 · ETA 0:14');
  });
  it('has no ETA before the first step nor without a total', () => {
    expect(progressLine({ label: 'ssd', phase: 'warm-up', total: 5, done: 0, elapsedMs: 2_000, phaseElapsedMs: 0 })).toBe(
      '[ssd] warm-up 0 of 5 · elapsed 0:02',
    );
    expect(progressLine({ label: 'ssd', phase: 'session load', total: undefined, done: 0, elapsedMs: 2_000, phaseElapsedMs: 0 })).toBe(
      '[ssd] session load · elapsed 0:02',
    );
  });
});

describe('createProgress on a terminal', () => {
  it('redraws one line in place with carriage return + clear-line and clears it at the end', () => {
    const s = fakeStream(true, 200);
    const c = clock();
    const p = createProgress({ quiet: false, label: 'bert', stream: asStream(s), now: c.now });
    p.phase('session load');
    c.advance(1_000);
    p.phase('timed iteration', 4);
    c.advance(500);
    p.tick(1);
    c.advance(500);
    p.tick(2);
    p.done();
    expect(s.chunks).toEqual([
      '\r\x1b[2K[bert] session load · elapsed 0:00',
      '\r\x1b[2K[bert] timed iteration 0 of 4 · elapsed 0:01',
      '\r\x1b[2K[bert] timed iteration 1 of 4 · elapsed 0:02 · ETA 0:02',
      '\r\x1b[2K[bert] timed iteration 2 of 4 · elapsed 0:02 · ETA 0:01',
      '\r\x1b[2K',
    ]);
    // never a line feed: the live line stays one line
    expect(s.chunks.join('')).not.toContain('\n');
  });

  it('throttles ticks closer than 250 ms, but always draws the last step', () => {
    const s = fakeStream(true, 200);
    const c = clock();
    const p = createProgress({ quiet: false, label: 'r', stream: asStream(s), now: c.now });
    p.phase('timed iteration', 3);
    c.advance(10);
    p.tick(1);
    c.advance(10);
    p.tick(2);
    c.advance(10);
    p.tick(3);
    p.done();
    expect(s.chunks.length).toBe(3); // phase, last step, clear
    expect(s.chunks[1]).toContain('3 of 3');
  });

  it('prints a note above the live line and redraws the line under it', () => {
    const s = fakeStream(true, 200);
    const c = clock();
    const p = createProgress({ quiet: false, label: 'r', stream: asStream(s), now: c.now });
    p.phase('calibration');
    p.note('warning: bf16 is emulated');
    p.done();
    expect(s.chunks).toEqual([
      '\r\x1b[2K[r] calibration · elapsed 0:00',
      '\r\x1b[2K',
      'warning: bf16 is emulated\n',
      '\r\x1b[2K[r] calibration · elapsed 0:00',
      '\r\x1b[2K',
    ]);
  });

  it('cuts the line to the terminal width so a redraw never wraps', () => {
    const s = fakeStream(true, 20);
    const p = createProgress({ quiet: false, label: 'maskrcnn', stream: asStream(s), now: clock().now });
    p.phase('model synthesis');
    p.done();
    expect(s.chunks[0]).toBe('\r\x1b[2K' + '[maskrcnn] model synthesis'.slice(0, 19));
  });
});

describe('createProgress in a log (not a terminal)', () => {
  it('prints the first phase at once, then plain lines at most once per interval', () => {
    const s = fakeStream(false);
    const c = clock();
    const p = createProgress({ quiet: false, label: 'ssd', stream: asStream(s), now: c.now, intervalMs: 10_000 });
    p.phase('model synthesis');
    c.advance(4_000);
    p.phase('session load'); // too soon: not printed
    c.advance(3_000);
    p.phase('timed iteration', 8);
    for (let i = 1; i <= 8; i++) {
      c.advance(1_000);
      p.tick(i);
    }
    p.done();
    expect(s.chunks).toEqual([
      '[ssd] model synthesis · elapsed 0:00\n',
      // 10 s after the first line: 3 of 8 after 3 s → 1 s a step, 5 to go
      '[ssd] timed iteration 3 of 8 · elapsed 0:10 · ETA 0:05\n',
    ]);
    expect(s.chunks.join('')).not.toContain('\r');
  });

  it('writes notes as plain lines', () => {
    const s = fakeStream(false);
    const p = createProgress({ quiet: false, label: 'x', stream: asStream(s), now: clock().now });
    p.note('hello');
    p.done();
    expect(s.chunks).toEqual(['hello\n']);
  });
});

describe('createProgress with quiet', () => {
  it('writes nothing, notes included', () => {
    const s = fakeStream(true, 80);
    const p = createProgress({ quiet: true, label: 'x', stream: asStream(s), now: clock().now });
    p.phase('warm-up', 3);
    p.tick(1);
    p.note('n');
    p.done();
    expect(s.chunks).toEqual([]);
  });
});
