import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { RUN_RECORD_SCHEMA_FILE, runRecordSchemaText } from '../src/schema-file.ts';

describe('run-record.schema.json', () => {
  it('is exactly what the TypeBox definition generates (run `nx run core:schema` after changing the record)', () => {
    expect(readFileSync(RUN_RECORD_SCHEMA_FILE, 'utf8')).toBe(runRecordSchemaText());
  });

  it('is a schema a plain ajv compiles on its own, and it tells the three statuses apart', () => {
    const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    (((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (a: unknown) => void)(ajv);
    const schema = JSON.parse(readFileSync(RUN_RECORD_SCHEMA_FILE, 'utf8')) as { anyOf: { properties: { status: { const: string } } }[] };
    expect(schema.anyOf.map((v) => v.properties.status.const)).toEqual(['ok', 'error', 'skipped']);
    const validate = ajv.compile(schema);
    expect(validate({ status: 'ok' })).toBe(false);
  });
});
