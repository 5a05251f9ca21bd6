import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchError, errorRecord, runRecordProblems, type RunRecord } from '@modelbench/core';
import { noRecordFailure } from '../src/cell-failure.ts';
import { classCells } from '../src/cells.ts';
import { parseFleet } from '../src/fleet-file.ts';
import { cellFile, writeOutcome } from '../src/results.ts';

const fleet = parseFleet('name: t\nimage: r/m:1\nmatrix: { workloads: [resnet50], precisions: [fp32], threads: [2] }\nclasses:\n  - name: n2\n    selector: { arch: arm64 }\n', 'f.yaml');
const mc = fleet.classes[0]!;
const cell = classCells(mc)[0]!;

describe('a failed cell carries the workload\'s own error record', () => {
  it('keeps the error record the pod printed (error, command line) and gives it the cell\'s identity', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-results-'));
    const child = errorRecord({ workload: 'resnet50', mode: 'performance', startedAt: new Date('2026-01-02T03:04:05Z'), argv: ['node', 'main.ts', 'performance', '--backend', 'ort-cpu'] }, new BenchError('BACKEND_UNAVAILABLE', 'ort-cpu failed to load', { hint: 'npm ci' }));
    writeOutcome(dir, mc, cell, { id: 'x', kind: 'record', bytes: Buffer.from(JSON.stringify(child)) });
    const written = JSON.parse(readFileSync(cellFile(dir, cell), 'utf8')) as RunRecord;
    expect(runRecordProblems(written)).toEqual([]);
    expect(written.error).toEqual({ code: 'BACKEND_UNAVAILABLE', message: 'ort-cpu failed to load', hint: 'npm ci' });
    expect(written.environment.software.argv).toEqual(['node', 'main.ts', 'performance', '--backend', 'ort-cpu']);
    expect(written.config!.extra).toMatchObject({ matrixCell: { workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 2 }, fleetCell: { machineClass: 'n2' } });
  });

  it('says how a cell that left no record ended, quoting its last line without parsing it', () => {
    expect(noRecordFailure('x\nerror [USAGE]: unknown flag --bogus\n  fix: see --help\n', { code: 2, signal: null })).toEqual({
      code: 'CELL_FAILED',
      message: 'performance exited with code 2 without writing its record; its last lines: error [USAGE]: unknown flag --bogus / fix: see --help',
      hint: 'the pod\'s log (kubectl logs) holds the cell\'s whole output',
    });
  });
});
