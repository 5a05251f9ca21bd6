/**
 * Checks a parsed fleet file against its TypeBox schema with ajv and turns the first problem into one line: the
 * field's path (`classes[1].selector.arch`), what is wrong, and the fix (the schema's `hint`), exit code 2.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { BenchError } from '@modelbench/core';
import { FleetFileSchema, type FleetFileValue } from './fleet-schema.ts';

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: Validator | undefined;

function compiled(): Validator {
  if (validator) return validator;
  const AjvClass = (Ajv as unknown as { default?: typeof Ajv }).default ?? Ajv;
  const ajv = new AjvClass({ allErrors: false, verbose: true, strict: true });
  ajv.addKeyword({ keyword: 'invalid', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'hint', schemaType: 'string' });
  validator = ajv.compile(FleetFileSchema) as unknown as Validator;
  return validator;
}

/** `/classes/0/selector/arch` → `classes[0].selector.arch` */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '');
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

interface Hinted {
  invalid?: string;
  hint?: string;
  properties?: Record<string, unknown>;
}

function problem(e: ErrorObject): { path: string; message: string; hint: string } {
  const path = fieldPath(e.instancePath);
  const parent = (e.parentSchema ?? {}) as Hinted;
  const hint = parent.hint ?? 'see deploy/kubernetes/fleet.example.yaml';
  switch (e.keyword) {
    case 'additionalProperties': {
      const valid = Object.keys(parent.properties ?? {});
      return { path, message: `unknown field '${String(e.params.additionalProperty)}'`, hint: `valid fields${path ? ` of ${path}` : ''}: ${valid.join(', ')} (see deploy/kubernetes/fleet.example.yaml)` };
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      const child = (parent.properties?.[key] ?? {}) as Hinted;
      return { path: path ? `${path}.${key}` : key, message: 'is missing', hint: child.hint ? `add ${key}: ${child.hint.replace(/^for example /, '').replace(/^.*e\.g\. /, '')}` : `add ${key}` };
    }
    case 'minItems':
      return { path, message: path === 'classes' ? 'must be a non-empty list of machine classes' : 'is an empty list: the matrix would have no cells', hint };
    case 'enum': {
      const item = /\[\d+\]$/.test(path);
      const valid = `valid: ${(e.params.allowedValues as string[]).join(', ')}`;
      return item ? { path: path.replace(/\[\d+\]$/, ''), message: `unknown name '${String(e.data)}'`, hint: valid } : { path, message: `'${String(e.data)}' is not ${parent.invalid ?? 'valid'}`, hint: valid };
    }
    case 'pattern':
      return { path, message: `'${String(e.data)}' is not ${parent.invalid ?? 'valid'}`, hint };
    default:
      return { path, message: `${parent.invalid ? `must be ${parent.invalid}` : (e.message ?? 'is invalid')}, got ${describeValue(e.data)}`, hint };
  }
}

/** The value as a fleet file, or a BAD_INPUT error naming the first problem and its fix. */
export function checkFleetShape(value: unknown, file: string): FleetFileValue {
  const v = compiled();
  if (v(value)) return value as FleetFileValue;
  const p = problem(v.errors![0]!);
  throw new BenchError('BAD_INPUT', `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}`, { hint: p.hint });
}
