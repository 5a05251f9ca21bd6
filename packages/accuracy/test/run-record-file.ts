/**
 * Reads a `score --json` file and checks it against the committed schema file (packages/core/schema/
 * run-record.schema.json) with a plain Ajv 2020 that knows nothing of TypeBox, as harness/test/record-every-mode does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import type { RunRecord } from '@modelbench/core';

const SCHEMA_FILE = resolve(import.meta.dirname, '../../core/schema/run-record.schema.json');

let validator: (((v: unknown) => boolean) & { errors?: unknown }) | undefined;
function validate(value: unknown): { ok: boolean; errors: unknown } {
  if (!validator) {
    const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    (((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (a: unknown) => void)(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  const ok = validator(value);
  return { ok, errors: validator.errors ?? null };
}

/** The file holds one record (not an array, not a bare report) that the schema file accepts. */
export function oneValidRecord(path: string): RunRecord {
  const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  expect(Array.isArray(value)).toBe(false);
  const { ok, errors } = validate(value);
  expect(errors, `${path} against ${SCHEMA_FILE}`).toBeNull();
  expect(ok).toBe(true);
  return value as RunRecord;
}

/** A value the schema file must refuse (a control: the check can fail). */
export function schemaRefuses(value: unknown): boolean {
  return !validate(value).ok;
}
