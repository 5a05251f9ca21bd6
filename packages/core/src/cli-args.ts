/**
 * Declarative command-line flags: each flag has a kind, a default and a description; parsing validates numbers and
 * rejects unknown flags with a USAGE error (exit code 2) that names the flag and lists the valid ones.
 */
import { parseArgs } from 'node:util';
import { BenchError } from './errors.ts';
import { closestNames } from './did-you-mean.ts';

export type FlagKind =
  | 'boolean'
  | 'string'
  | 'int'
  | 'positiveInt'
  | 'nonNegativeInt'
  | 'number'
  | 'positiveNumber'
  | 'nonNegativeNumber'
  | 'strings';

export interface FlagSpec {
  kind: FlagKind;
  description: string;
  default?: string | number | boolean | string[];
  short?: string;
  /** placeholder shown in usage, e.g. N, PATH */
  value?: string;
  /**
   * a valid value named in the fix of a bad number, e.g. 384 for a sequence length or 0.99 for a fraction; without
   * it the flag's default, else 4 (0 for a count that may be zero)
   */
  example?: number;
}

export type FlagSpecs = Record<string, FlagSpec>;

type ValueOf<K extends FlagKind> = K extends 'boolean'
  ? boolean
  : K extends 'string'
    ? string
    : K extends 'strings'
      ? string[]
      : number;

export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]: S[K]['default'] extends undefined ? ValueOf<S[K]['kind']> | undefined : ValueOf<S[K]['kind']>;
};

export interface ParsedCommand<S extends FlagSpecs> {
  flags: ParsedFlags<S>;
  positionals: string[];
}

function toNumber(name: string, raw: string, kind: FlagKind, example = kind.startsWith('nonNegative') ? 0 : 4): number {
  const n = Number(raw);
  const bad = (what: string): never => {
    throw new BenchError('USAGE', `--${name} must be ${what}, got '${raw}'`, { hint: `for example --${name} ${example}` });
  };
  if (raw.trim() === '' || !Number.isFinite(n)) bad('a number');
  if ((kind === 'int' || kind === 'positiveInt' || kind === 'nonNegativeInt') && !Number.isInteger(n)) bad('a whole number');
  if ((kind === 'positiveInt' || kind === 'positiveNumber') && n <= 0) bad('greater than zero');
  if ((kind === 'nonNegativeInt' || kind === 'nonNegativeNumber') && n < 0) bad('0 or more');
  return n;
}

/** Nx forwards `--flag=true`/`--flag=false` for booleans; accept those, as a person might type them too. */
function normaliseBooleans(argv: string[], specs: FlagSpecs): string[] {
  return argv.flatMap((a) => {
    const m = /^--([^=]+)=(true|false)$/.exec(a);
    if (m && specs[m[1] as string]?.kind === 'boolean') return m[2] === 'true' ? [`--${m[1]}`] : [];
    return [a];
  });
}

/**
 * `--batch -1` as two words: node's parser would call the `-1` ambiguous (it might be a flag) and print the whole flag
 * list. A word that reads as a negative number after a flag that takes a value is that flag's value, so it reaches
 * the number check and gets "must be greater than zero".
 */
function joinNegativeValues(argv: string[], specs: FlagSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const spec = a.startsWith('--') && !a.includes('=') ? specs[a.slice(2)] : undefined;
    if (spec && spec.kind !== 'boolean' && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

export function parseCommandLine<S extends FlagSpecs>(argv: string[], specs: S, command = 'command'): ParsedCommand<S> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.kind === 'boolean' ? 'boolean' : 'string' };
    if (spec.kind === 'strings') options[name].multiple = true;
    if (spec.short) options[name].short = spec.short;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(normaliseBooleans(argv, specs), specs), options, strict: true, allowPositionals: true });
  } catch (e) {
    const message = (e as Error).message.split('\n')[0] ?? String(e);
    throw new BenchError('USAGE', `${command}: ${message.replace(/\. To specify.*$/, '')}`, { hint: unknownFlagHint(message, specs, command) });
  }
  const flags: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = parsed.values[name];
    if (raw === undefined) {
      flags[name] = spec.default;
    } else if (spec.kind === 'boolean' || spec.kind === 'string') {
      flags[name] = raw;
    } else if (spec.kind === 'strings') {
      flags[name] = (raw as string[]).flatMap((s) => s.split(',')).filter(Boolean);
    } else {
      flags[name] = toNumber(name, raw as string, spec.kind, spec.example ?? (typeof spec.default === 'number' ? spec.default : undefined));
    }
  }
  return { flags: flags as ParsedFlags<S>, positionals: parsed.positionals };
}

/**
 * The fix of a parse error: "did you mean --x?" when the unknown option is a near miss of one or two flags (edit
 * distance), otherwise the list of valid flags.
 */
function unknownFlagHint(message: string, specs: FlagSpecs, command: string): string {
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (unknown) {
    const near = closestNames(unknown[2] as string, Object.keys(specs));
    if (near.length) return `did you mean ${near.map((f) => `--${f}`).join(' or ')}? (\`${command} --help\` lists every flag)`;
  }
  return `valid flags: ${Object.keys(specs).map((f) => `--${f}`).join(' ')}`;
}

export function renderUsage(command: string, specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `  --${name}${s.kind === 'boolean' ? '' : ` ${s.value ?? (s.kind.includes('nt') || s.kind.includes('umber') ? 'N' : 'VALUE')}`}`;
    const def = s.default !== undefined && s.default !== false ? ` (default ${String(s.default)})` : '';
    return `${left.padEnd(30)} ${s.description}${def}`;
  });
  return [`usage: ${command} [flags]`, '', ...rows].join('\n');
}
