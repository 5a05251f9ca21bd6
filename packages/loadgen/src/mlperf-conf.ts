/**
 * MLPerf's conf files (`mlperf.conf`, `user.conf`) read as LoadGen reads them (loadgen/test_settings_internal.cc,
 * TestSettings::FromConfig, LoadGen 6.0.17):
 * - a line is whitespace-separated tokens `key = value`; a `#` token before the value ends the line (a comment);
 *   the key is `model.scenario.name`, model and scenario may be `*`; a later line for the same key replaces it;
 * - a value must be a whole integer (C's strtoul, base 0: `0x1F` hex, a leading 0 octal) or a double;
 * - a setting is looked up as `model.scenario.name`, then `*.scenario.name`, then `model.*.name`, then `*.*.name`
 *   (so a scenario-specific wildcard beats a model-specific one), first in mlperf.conf and then in user.conf, a
 *   value found in user.conf replacing mlperf.conf's; the three RNG seeds are read from mlperf.conf only.
 * Where LoadGen quietly skips or misreads a line (`key=value` without spaces, `# note` after a value, `6e5` for an
 * integer key, which strtoull reads as 6) this reader stops with one line naming it and the fix instead.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';

export interface ConfValue {
  /** the value's token as written */
  text: string;
  /** where it was set: `user.conf:12` */
  where: string;
}

/** One file's settings, by full key (`resnet50.Server.target_qps`). */
export interface ConfFile {
  source: string;
  values: Map<string, ConfValue>;
}

const bad = (where: string, message: string, hint: string): BenchError => new BenchError('USAGE', `${where}: ${message}`, { hint });

/** strtoul base 0 on the whole token: decimal, 0x hex or leading-0 octal. */
export function confInteger(text: string): bigint | undefined {
  if (/^[+]?0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text.replace('+', ''));
  if (/^[+]?0[0-7]+$/.test(text)) return BigInt('0o' + text.replace('+', '').slice(1));
  if (/^[+]?\d+$/.test(text)) return BigInt(text.replace('+', ''));
  return undefined;
}

/** strtod on the whole token (decimal and exponent forms). */
export function confDouble(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && confInteger(text) === undefined) return undefined;
  const i = confInteger(text);
  return i !== undefined ? Number(i) : Number(text);
}

/** Parses one conf file's text; `source` names it in errors (`user.conf`). */
export function parseMlperfConf(text: string, source: string): ConfFile {
  const values = new Map<string, ConfValue>();
  text.split(/\r?\n/).forEach((line, i) => {
    const where = `${source}:${i + 1}`;
    const tokens = line.trim().split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0 || tokens[0] === '#') return;
    const [key, eq, value, ...rest] = tokens as [string, string | undefined, string | undefined, ...string[]];
    if (key.startsWith('#')) {
      throw bad(where, `'${key}' starts a comment without a space, which LoadGen reads as a key`, "write '# ' (a hash and a space) to start a comment");
    }
    if (key.includes('=')) throw bad(where, `'${line.trim()}' has no spaces around '=', so LoadGen ignores the line`, `write it as '${key.split('=')[0]} = ${key.split('=').slice(1).join('=') || 'VALUE'}'`);
    if (eq !== '=') throw bad(where, `expected 'key = value', got '${line.trim()}'`, "write one setting a line as 'model.scenario.key = value'");
    if (value === undefined) throw bad(where, `'${key}' has no value`, `give it a number: '${key} = 10'`);
    if (rest.length > 0) {
      throw bad(where, `'${rest.join(' ')}' after the value: LoadGen reads every token after '=' as a value and rejects '${rest[0]}'`, 'put a comment on a line of its own');
    }
    if (confDouble(value) === undefined) throw bad(where, `value '${value}' of ${key} is not a number`, 'LoadGen values are integers or doubles, times in milliseconds');
    const parts = key.split('.');
    // a model name may hold dots (wan-2.2-t2v-a14b): the scenario and the name are the last two parts
    if (parts.length < 3 || parts.slice(-2).some((p) => p === '') || parts.slice(0, -2).join('.') === '') {
      throw bad(where, `key '${key}' is not model.scenario.name`, "write it as 'resnet50.Server.target_qps' ('*' for any model or scenario)");
    }
    values.set(key, { text: value, where });
  });
  return { source, values };
}

export function readMlperfConf(path: string): ConfFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BenchError('USAGE', `cannot read conf file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'pass the path of an mlperf.conf or user.conf file' });
  }
  return parseMlperfConf(text, path);
}

/** LoadGen's lookup in one file: model.scenario, *.scenario, model.*, *.* (the first found). */
export function lookupConf(file: ConfFile, model: string, scenario: string, name: string): ConfValue | undefined {
  for (const key of [`${model}.${scenario}.${name}`, `*.${scenario}.${name}`, `${model}.*.${name}`, `*.*.${name}`]) {
    const v = file.values.get(key);
    if (v) return v;
  }
  return undefined;
}

/** mlperf.conf then user.conf: the value user.conf gives wins; `mlperfOnly` keys (the seeds) are read from mlperf.conf alone. */
export function lookupConfs(files: { mlperf?: ConfFile | undefined; user?: ConfFile | undefined }, model: string, scenario: string, name: string, mlperfOnly = false): ConfValue | undefined {
  const fromUser = mlperfOnly || !files.user ? undefined : lookupConf(files.user, model, scenario, name);
  return fromUser ?? (files.mlperf ? lookupConf(files.mlperf, model, scenario, name) : undefined);
}
