import { describe, expect, it } from 'vitest';
import { parseCommandLine, renderUsage, type FlagSpecs } from '../src/cli-args.ts';
import { BenchError } from '../src/errors.ts';

const specs = {
  batch: { kind: 'positiveInt', description: 'batch' },
  ratio: { kind: 'number', default: 0.5, description: 'ratio' },
  bf16: { kind: 'boolean', description: 'bf16' },
  name: { kind: 'string', default: 'x', description: 'name' },
  images: { kind: 'strings', description: 'images' },
} as const satisfies FlagSpecs;

function usageError(argv: string[]): BenchError {
  try {
    parseCommandLine(argv, specs, 'test');
  } catch (e) {
    return e as BenchError;
  }
  throw new Error('expected an error');
}

describe('command-line flags', () => {
  it('parses typed values and defaults', () => {
    const { flags, positionals } = parseCommandLine(['--batch', '4', '--bf16', '--images', 'a.png,b.png', '--images=c.png', 'extra'], specs);
    expect(flags).toEqual({ batch: 4, ratio: 0.5, bf16: true, name: 'x', images: ['a.png', 'b.png', 'c.png'] });
    expect(positionals).toEqual(['extra']);
  });

  it('reads a negative number given as a separate word as the value, and refuses it in one line', () => {
    for (const argv of [['--batch', '-1'], ['--batch=-1']]) {
      const e = usageError(argv);
      expect(e.message).toBe("--batch must be greater than zero, got '-1'");
      expect(e.message).not.toMatch(/ambiguous/);
      expect(e.hint).toBe('for example --batch 4');
    }
    expect(parseCommandLine(['--ratio', '-0.25'], specs).flags.ratio).toBe(-0.25);
    expect(parseCommandLine(['--name', '-5'], specs).flags.name).toBe('-5');
    // after a boolean flag a negative number is not its value: it stays a word of its own, an unknown option
    expect(usageError(['--bf16', '-1']).message).toMatch(/Unknown option '-1'/);
  });

  it('accepts the --flag=true / --flag=false form Nx forwards', () => {
    expect(parseCommandLine(['--bf16=true'], specs).flags.bf16).toBe(true);
    expect(parseCommandLine(['--bf16=false'], specs).flags.bf16).toBeUndefined();
  });

  it('rejects unknown flags, non-numbers and zero with exit code 2', () => {
    const unknown = usageError(['--parallel', '3']);
    expect(unknown.code).toBe('USAGE');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.message).toMatch(/--parallel/);
    expect(unknown.hint).toMatch(/--batch/);
    expect(usageError(['--batch', 'four']).message).toBe("--batch must be a number, got 'four'");
    expect(usageError(['--batch', '0']).message).toBe("--batch must be greater than zero, got '0'");
    expect(usageError(['--batch', '2.5']).message).toBe("--batch must be a whole number, got '2.5'");
  });

  it('refuses a negative count where zero is allowed, naming 0 in the fix', () => {
    const counts = { warmup: { kind: 'nonNegativeInt', default: 1, description: '' }, 'warmup-ms': { kind: 'nonNegativeNumber', default: 0, description: '' } } as const satisfies FlagSpecs;
    expect(parseCommandLine(['--warmup', '0', '--warmup-ms', '0'], counts).flags).toEqual({ warmup: 0, 'warmup-ms': 0 });
    expect(parseCommandLine(['--warmup-ms', '2.5'], counts).flags['warmup-ms']).toBe(2.5);
    for (const [argv, message, hint] of [
      [['--warmup', '-1'], "--warmup must be 0 or more, got '-1'", 'for example --warmup 1'],
      [['--warmup-ms=-1'], "--warmup-ms must be 0 or more, got '-1'", 'for example --warmup-ms 0'],
      [['--warmup', '1.5'], "--warmup must be a whole number, got '1.5'", 'for example --warmup 1'],
    ] as const) {
      let error: BenchError | undefined;
      try {
        parseCommandLine([...argv], counts, 'test');
      } catch (e) {
        error = e as BenchError;
      }
      expect(error?.exitCode).toBe(2);
      expect(error?.message).toBe(message);
      expect(error?.hint).toBe(hint);
    }
  });

  it('renders usage with defaults', () => {
    const u = renderUsage('w performance', specs);
    expect(u).toContain('--batch N');
    expect(u).toContain('(default 0.5)');
  });
});
