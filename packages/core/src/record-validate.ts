/**
 * Checks a parsed JSON value against the RunRecord schema; returns the problems (empty when valid). The verdict is
 * the whole union's; the messages come from the variant the value's `status` names, so they point at the field that
 * is wrong rather than at "must match a schema in anyOf".
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RECORD_SCHEMA_VERSION, RECORD_VARIANT_IDS, runRecordSchema } from './record-schema.ts';

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
let compiled: { union: Validator; variants: Record<string, Validator> } | undefined;

function validators(): { union: Validator; variants: Record<string, Validator> } {
  if (compiled) return compiled;
  const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const withFormats = ((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (a: unknown) => void;
  withFormats(ajv);
  const union = ajv.compile(runRecordSchema) as unknown as Validator;
  const variants: Record<string, Validator> = {};
  for (const [status, id] of Object.entries(RECORD_VARIANT_IDS)) {
    const v = ajv.getSchema(id);
    if (!v) throw new Error(`the RunRecord schema has no definition ${id}`);
    variants[status] = v as unknown as Validator;
  }
  compiled = { union, variants };
  return compiled;
}

const describe = (errors: Validator['errors']): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);

export function runRecordProblems(value: unknown): string[] {
  const v = validators();
  if (v.union(value)) return [];
  const fields = typeof value === 'object' && value !== null ? (value as { status?: unknown; schemaVersion?: unknown }) : {};
  const version = fields.schemaVersion;
  if (typeof version === 'number' && version !== RECORD_SCHEMA_VERSION) {
    return [`/schemaVersion is ${version}: a record of another modelbench version (this one reads version ${RECORD_SCHEMA_VERSION}); run it again to record it anew`];
  }
  const status = fields.status;
  const variant = typeof status === 'string' ? v.variants[status] : undefined;
  if (!variant) return [`/status must be one of ${Object.keys(v.variants).join(', ')} (got ${JSON.stringify(status)})`];
  variant(value);
  return describe(variant.errors);
}
