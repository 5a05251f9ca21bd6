import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/errors.ts';
import { loadSnapshot } from '../src/load-snapshot.ts';
import { errorInfo, writeErrorRecord, type ErrorRecordContext } from '../src/record-error.ts';
import { runRecordProblems } from '../src/record-validate.ts';

describe('writeErrorRecord', () => {
  it("writes a schema-valid error record with the BenchError's code, message and hint, the context and provenance", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-err-'));
    const path = join(dir, 'out.json');
    const startedAt = new Date('2026-12-01T10:00:00.000Z');
    const err = new BenchError('MODEL_INVALID', 'broken.onnx is not an ONNX model', { hint: 'pass --model PATH of an .onnx file' });
    writeErrorRecord(path, { workload: 'resnet50', mode: 'performance', startedAt, argv: ['node', 'resnet50', '--json', path], loadBefore: loadSnapshot() }, err);
    const record = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { environment: { software: { argv: string[] }; load: { before: unknown } } };
    expect(runRecordProblems(record)).toEqual([]);
    expect(record).toMatchObject({
      status: 'error', mode: 'performance', workload: 'resnet50', startedAt: '2026-12-01T10:00:00.000Z', samplesMs: [], latency: null,
      error: { code: 'MODEL_INVALID', message: 'broken.onnx is not an ONNX model', hint: 'pass --model PATH of an .onnx file' },
    });
    expect(record.environment.software.argv).toEqual(['node', 'resnet50', '--json', path]);
    expect(record.environment.load.before).not.toBeNull();
    // atomic: nothing but the record is left in the folder
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('records a tool mode, and a thrown non-BenchError as INTERNAL with the debug hint', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mb-err-')), 'matrix.json');
    writeErrorRecord(path, { workload: 'matrix', mode: 'matrix', startedAt: new Date() }, new TypeError('x is undefined'));
    const record = JSON.parse(readFileSync(path, 'utf8')) as { mode: string; error: unknown; environment: { software: { argv: string[] } } };
    expect(runRecordProblems(record)).toEqual([]);
    expect(record.mode).toBe('matrix');
    expect(record.error).toEqual({ code: 'INTERNAL', message: 'x is undefined', hint: 'set MODELBENCH_DEBUG=1 for the stack trace and report it' });
    expect(record.environment.software.argv).toEqual(process.argv);
  });

  it('stays schema-valid when the caller hands it undefined context (it runs when something already failed)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mb-err-')), 'out.json');
    const ctx = { workload: undefined, mode: '', startedAt: new Date(Number.NaN), argv: undefined } as unknown as ErrorRecordContext;
    writeErrorRecord(path, ctx, undefined);
    const record = JSON.parse(readFileSync(path, 'utf8')) as { workload: string; mode: string; error: { code: string; message: string } };
    expect(runRecordProblems(record)).toEqual([]);
    expect(record).toMatchObject({ workload: 'unknown', mode: 'unknown', error: { code: 'INTERNAL', message: 'undefined' } });
  });

  it('omits the hint of a BenchError that has none, and stringifies a thrown non-Error', () => {
    expect(errorInfo(new BenchError('IO', 'disk full'))).toEqual({ code: 'IO', message: 'disk full' });
    expect(errorInfo('plain string')).toMatchObject({ code: 'INTERNAL', message: 'plain string' });
  });
});
