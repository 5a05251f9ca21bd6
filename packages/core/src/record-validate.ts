/** Checks a parsed JSON value against the RunRecord schema; returns the problems (empty when valid). */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runRecordSchema } from './record-schema.ts';

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
let compiled: Validator | undefined;

function validator(): Validator {
  if (compiled) return compiled;
  const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const withFormats = ((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (a: unknown) => void;
  withFormats(ajv);
  compiled = ajv.compile(runRecordSchema) as unknown as Validator;
  return compiled;
}

export function runRecordProblems(value: unknown): string[] {
  const v = validator();
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
