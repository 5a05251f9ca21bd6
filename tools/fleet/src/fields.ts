/**
 * Small readers for a parsed YAML document: each names the field's path (`classes[1].selector.arch`) in its error
 * and says what is valid, so a bad fleet file gets one line naming the problem and the fix (exit code 2).
 */
import { BenchError } from '@modelbench/core';

export type Obj = Record<string, unknown>;

export class FieldReader {
  constructor(readonly file: string) {}

  fail(path: string, problem: string, hint: string): never {
    throw new BenchError('BAD_INPUT', `${this.file}: ${path ? `${path}: ` : ''}${problem}`, { hint });
  }

  object(value: unknown, path: string, allowed: readonly string[]): Obj {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `must be a mapping, got ${describe(value)}`, `valid fields: ${allowed.join(', ')}`);
    }
    const obj = value as Obj;
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.fail(path, `unknown field '${key}'`, `valid fields${path ? ` of ${path}` : ''}: ${allowed.join(', ')} (see deploy/kubernetes/fleet.example.yaml)`);
      }
    }
    return obj;
  }

  string(obj: Obj, key: string, path: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '') this.fail(join(path, key), `must be a non-empty string, got ${describe(v)}`, `for example ${key}: ...`);
    return v;
  }

  requiredString(obj: Obj, key: string, path: string, example: string): string {
    const v = this.string(obj, key, path);
    if (v === undefined) this.fail(join(path, key), 'is missing', `add ${key}: ${example}`);
    return v;
  }

  positiveInt(obj: Obj, key: string, path: string): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) this.fail(join(path, key), `must be a positive whole number, got ${describe(v)}`, `for example ${key}: 2`);
    return v;
  }

  nonNegativeInt(obj: Obj, key: string, path: string): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) this.fail(join(path, key), `must be a whole number ≥ 0, got ${describe(v)}`, `for example ${key}: 1`);
    return v;
  }

  boolean(obj: Obj, key: string, path: string): boolean | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.fail(join(path, key), `must be true or false, got ${describe(v)}`, `for example ${key}: true`);
    return v;
  }

  /** A list of strings (a single string counts as a list of one), each one of `known` when given. */
  strings(obj: Obj, key: string, path: string, known?: readonly string[]): string[] | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s.trim() === '')) {
      this.fail(join(path, key), `must be a list of names, got ${describe(v)}`, `for example ${key}: [${known?.slice(0, 2).join(', ') ?? 'a, b'}]`);
    }
    if (list.length === 0) this.fail(join(path, key), 'is an empty list: the matrix would have no cells', `name at least one, or leave ${key} out for the default`);
    if (known) {
      const unknown = (list as string[]).filter((s) => !known.includes(s));
      if (unknown.length) this.fail(join(path, key), `unknown ${unknown.length > 1 ? 'names' : 'name'} '${unknown.join("', '")}'`, `valid: ${known.join(', ')}`);
    }
    return list as string[];
  }

  /** A list of positive whole numbers (a single number counts as a list of one). */
  positiveInts(obj: Obj, key: string, path: string): number[] | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    const list = typeof v === 'number' ? [v] : v;
    if (!Array.isArray(list) || list.some((n) => typeof n !== 'number' || !Number.isInteger(n) || n <= 0)) {
      this.fail(join(path, key), `must be a list of positive whole numbers, got ${describe(v)}`, `for example ${key}: [1, 4]`);
    }
    if (list.length === 0) this.fail(join(path, key), 'is an empty list: the matrix would have no cells', `name at least one, or leave ${key} out for the default`);
    return list as number[];
  }

  /** A mapping of strings to strings (labels). */
  stringMap(obj: Obj, key: string, path: string): Record<string, string> | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(join(path, key), `must be a mapping of label to value, got ${describe(v)}`, `for example ${key}: { example.com/pool: bench }`);
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v as Obj)) {
      if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') {
        this.fail(join(join(path, key), k), `must be a label value (text), got ${describe(val)}`, 'quote it: "value"');
      }
      out[k] = String(val);
    }
    return out;
  }
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
