import { describe, expect, it } from 'vitest';
import { estimateRemainingMs, formatDuration, progressLine, ProgressPrinter } from '../src/progress.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchError, errorRecord, runRecordProblems, type RunRecord } from '@modelbench/core';
import { cellRecord } from '../src/cell-record.ts';
import { cellNoRecordError, readRunRecord, withCellIdentity } from '../src/child-record.ts';
import { cellArguments } from '../src/run-cell.ts';

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

  it('reads the child\'s record, never its stderr: an error record is kept with the cell\'s identity; no record quotes the last line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'child-record-'));
    const path = join(dir, 'r.json');
    expect(readRunRecord(path)).toEqual({ kind: 'missing' });
    writeFileSync(path, '{"status":');
    expect(readRunRecord(path)).toMatchObject({ kind: 'invalid', problem: expect.stringMatching(/is not JSON/) });
    const child = errorRecord({ workload: 'resnet50', mode: 'performance', startedAt: new Date('2026-01-02T03:04:05Z'), argv: ['node', 'main.ts', 'performance'] }, new BenchError('MODEL_SIGNATURE', 'model has input x', { hint: 'pass --adapter NAME' }));
    writeFileSync(path, JSON.stringify(child));
    const read = readRunRecord(path);
    expect(read.kind).toBe('record');
    const own = cellRecord({ workload: 'resnet50', backend: 'ort-wasm', precision: 'bf16', threads: 2 }, { batch: 1, iterations: 3 }, undefined, null, { status: 'error', error: { code: 'X', message: 'y' } });
    const kept = withCellIdentity((read as { record: RunRecord }).record, own);
    expect(kept.error).toEqual({ code: 'MODEL_SIGNATURE', message: 'model has input x', hint: 'pass --adapter NAME' });
    expect(kept.environment.software.argv).toEqual(['node', 'main.ts', 'performance']);
    expect(kept.config!.extra['matrixCell']).toMatchObject({ backend: 'ort-wasm', precision: 'bf16', threads: 2 });
    expect(runRecordProblems(kept)).toEqual([]);
    expect(cellNoRecordError({ code: 139, signal: null }, 'some log\nSegmentation fault\n')).toMatchObject({ code: 'CELL_FAILED', message: 'performance exited with code 139 without writing its record; its last lines: some log / Segmentation fault' });
    expect(cellNoRecordError({ code: null, signal: 'SIGKILL' }, '').message).toBe('performance was killed by SIGKILL without writing its record');
  });
});
