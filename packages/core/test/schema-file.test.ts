import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/errors.ts';
import { writeErrorRecord } from '../src/record-error.ts';
import { RUN_RECORD_SCHEMA_FILE, runRecordSchemaText } from '../src/schema-file.ts';
import { sample } from './sample-record.ts';

/** The committed file, compiled by a plain ajv that knows nothing of TypeBox or of this package. */
function fileValidator(): ((v: unknown) => boolean) & { errors?: unknown } {
  const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  (((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (a: unknown) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(RUN_RECORD_SCHEMA_FILE, 'utf8')) as object);
}

describe('run-record.schema.json', () => {
  it('is exactly what the TypeBox definition generates (run `nx run core:schema` after changing the record)', () => {
    expect(readFileSync(RUN_RECORD_SCHEMA_FILE, 'utf8')).toBe(runRecordSchemaText());
  });

  it('names its parts under $defs and unites the three statuses', () => {
    const schema = JSON.parse(readFileSync(RUN_RECORD_SCHEMA_FILE, 'utf8')) as { $ref: string; $defs: Record<string, { properties: { status: { const: string } } }> };
    expect(schema.$ref).toBe('RunRecord');
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['Environment', 'ModelInfo', 'ErrorInfo', 'OkRecord', 'ErrorRecord', 'SkippedRecord']));
    expect(['OkRecord', 'ErrorRecord', 'SkippedRecord'].map((k) => schema.$defs[k]!.properties.status.const)).toEqual(['ok', 'error', 'skipped']);
  });

  it('accepts a complete ok record and a written error record, and rejects a half one', () => {
    const validate = fileValidator();
    expect(validate(sample)).toBe(true);
    const path = join(mkdtempSync(join(tmpdir(), 'mb-schema-')), 'out.json');
    writeErrorRecord(path, { workload: 'ssd', mode: 'validate', startedAt: new Date() }, new BenchError('IO', 'disk full', { hint: 'free some space' }));
    expect(validate(JSON.parse(readFileSync(path, 'utf8')))).toBe(true);
    const { environment: _environment, ...half } = sample;
    expect(validate(half)).toBe(false);
    expect(validate({ ...sample, status: 'error' })).toBe(false);
  });
});
