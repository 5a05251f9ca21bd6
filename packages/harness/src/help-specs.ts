/**
 * The flag specs as `--help` shows them: a default the description already states is not shown twice, and a
 * default that is an absolute path inside the current folder is shown relative to it (as a person would type it).
 * Pure; parsing still uses the real specs.
 */
import { isAbsolute, relative } from 'node:path';
import type { FlagSpecs } from '@modelbench/core';

export function helpSpecs(specs: FlagSpecs, cwd: string = process.cwd()): FlagSpecs {
  const out: FlagSpecs = {};
  for (const [name, spec] of Object.entries(specs)) {
    const { default: def, ...rest } = spec;
    if (def === undefined || /\bdefault\b/i.test(spec.description)) {
      out[name] = rest;
      continue;
    }
    const rel = typeof def === 'string' && isAbsolute(def) ? relative(cwd, def) : undefined;
    out[name] = { ...rest, default: rel !== undefined && rel !== '' && !rel.startsWith('..') ? rel : def };
  }
  return out;
}
