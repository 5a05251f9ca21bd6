import { describe, expect, it } from 'vitest';
import { estimateRemainingMs, formatDuration, progressLine, ProgressPrinter } from '../src/progress.ts';
import { cellArguments, parseCliError } from '../src/run-cell.ts';

describe('progress', () => {
  it('formats durations and estimates what is left from the cells measured so far', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(estimateRemainingMs([], 3)).toBeNull();
    expect(estimateRemainingMs([10_000, 20_000], 3)).toBe(45_000);
    expect(estimateRemainingMs([10_000], 0)).toBe(0);
    expect(progressLine({ index: 3, total: 8, label: 'resnet50 ort-wasm bf16 2t', elapsedMs: 42_000, remainingMs: 70_000 }, 'running')).toBe(
      '[3/8] resnet50 ort-wasm bf16 2t — running (elapsed 0:42, ~1:10 left)',
    );
  });

  it('prints one line per event when not on a terminal', () => {
    const lines: string[] = [];
    const p = new ProgressPrinter({ write: (s: string) => lines.push(s) > 0, isTTY: false });
    const state = { index: 1, total: 2, label: 'x', elapsedMs: 0, remainingMs: null };
    p.running(() => state);
    p.done({ ...state, elapsedMs: 5000, remainingMs: 5000 }, 'ok');
    expect(lines).toEqual(['[1/2] x — running (elapsed 0:00, remaining unknown)\n', '[1/2] x — ok (elapsed 0:05, ~0:05 left)\n']);
  });
});

describe('a cell\'s command line and its errors', () => {
  it('passes the cell as performance flags, with --json and --quiet', () => {
    const args = cellArguments({ spec: { workload: 'resnet50', backend: 'ort-wasm', precision: 'bf16', threads: 2 }, batch: 1, iterations: 3, warmup: null, profileDir: null, recordPath: '/r/x.json' });
    expect(args).toEqual(['--backend', 'ort-wasm', '--threads', '2', '--bf16', '--batch', '1', '--iterations', '3', '--json', '/r/x.json', '--quiet']);
  });

  it('keeps the CLI\'s own one-line message and hint', () => {
    const stderr = 'some log\nerror [MODEL_SIGNATURE]: model has input x, expected input [batch,3,224,224]\n  fix: pass --adapter NAME\n';
    expect(parseCliError(stderr, { code: 2, signal: null })).toEqual({ code: 'MODEL_SIGNATURE', message: 'model has input x, expected input [batch,3,224,224]', hint: 'pass --adapter NAME' });
    expect(parseCliError('Segmentation fault\n', { code: 139, signal: null })).toEqual({ code: 'CELL_FAILED', message: 'performance exited with code 139: Segmentation fault' });
    expect(parseCliError('', { code: null, signal: 'SIGKILL' })).toEqual({ code: 'CELL_FAILED', message: 'performance was killed by SIGKILL without a message' });
  });
});
