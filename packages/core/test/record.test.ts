import { describe, expect, expectTypeOf, it } from 'vitest';
import type { LatencyStatsOfSchema, RunRecord, RunRecordOfSchema } from '../src/record.ts';
import { runRecordProblems } from '../src/record-validate.ts';
import type { LatencyStats } from '../src/stats.ts';
import { sample } from './sample-record.ts';

describe('RunRecord schema', () => {
  it("describes stats.ts's LatencyStats exactly (a compile error in typecheck when they drift)", () => {
    expectTypeOf<LatencyStats>().toEqualTypeOf<LatencyStatsOfSchema>();
    expectTypeOf<RunRecord>().toEqualTypeOf<RunRecordOfSchema>();
  });

  it('accepts a complete ok record, and the error and skipped variants with their error', () => {
    expect(runRecordProblems(sample)).toEqual([]);
    const failed = { ...sample, status: 'error', mode: 'matrix', model: null, latency: null, error: { code: 'IO', message: 'cannot write x', hint: 'choose a path' } };
    expect(runRecordProblems(failed)).toEqual([]);
    expect(runRecordProblems({ ...sample, status: 'skipped', error: { code: 'EMULATED_ONLY', message: 'no native bf16' } })).toEqual([]);
  });

  it('ties error to status: an ok record with an error, or an error record without one, is rejected', () => {
    expect(runRecordProblems({ ...sample, error: { code: 'IO', message: 'x' } })).toEqual(['/error must be null']);
    expect(runRecordProblems({ ...sample, status: 'error' })).toEqual(['/error must be object']);
    // only the error variant may name a tool's own mode
    expect(runRecordProblems({ ...sample, mode: 'matrix' })[0]).toMatch(/^\/mode /);
  });

  it('names the field that is wrong: a bad status, a short sha256, an extra key, a negative sample', () => {
    expect(runRecordProblems({ ...sample, status: 'fine' })).toEqual(['/status must be one of ok, error, skipped (got "fine")']);
    expect(runRecordProblems({ ...sample, model: { ...sample.model, sha256: 'abc' } })).toEqual(['/model/sha256 must match pattern "^[0-9a-f]{64}$"', '/model must be null', '/model must match a schema in anyOf']);
    expect(runRecordProblems({ ...sample, surprise: 1 })).toEqual(['/ must NOT have additional properties']);
    expect(runRecordProblems({ ...sample, samplesMs: [1, -2] })[0]).toBe('/samplesMs/1 must be >= 0');
  });

  it('says a record of another schema version is one, instead of listing every difference', () => {
    expect(runRecordProblems({ schemaVersion: 1, status: 'ok' })).toEqual([
      '/schemaVersion is 1: a record of another modelbench version (this one reads version 2); run it again to record it anew',
    ]);
  });

  it('requires the provenance in the environment', () => {
    const { software: _software, ...withoutSoftware } = sample.environment;
    expect(runRecordProblems({ ...sample, environment: withoutSoftware })).toEqual(["/environment must have required property 'software'"]);
  });
});
