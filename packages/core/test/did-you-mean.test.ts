import { describe, expect, it } from 'vitest';
import { closestNames, editDistance } from '../src/did-you-mean.ts';
import { parseCommandLine, type FlagSpecs } from '../src/cli-args.ts';
import { BenchError } from '../src/errors.ts';

describe('did you mean', () => {
  it('counts edits as optimal string alignment does (worked by hand)', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3); // k→s, e→i, +g
    expect(editDistance('ca', 'ac')).toBe(1); // one swap of neighbours
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('threads', 'threads')).toBe(0);
    expect(editDistance('itreations', 'iterations')).toBe(1);
  });

  it('names the near flags and nothing for a word far from every flag', () => {
    const names = ['batch', 'batch-size', 'threads', 'inter-op-threads', 'iterations', 'warmup', 'warmup-ms'];
    expect(closestNames('thread', names)).toEqual(['threads']);
    expect(closestNames('itertions', names)).toEqual(['iterations']);
    expect(closestNames('warmpu', names)).toEqual(['warmup']);
    expect(closestNames('warm', names)).toEqual(['warmup', 'warmup-ms']); // a prefix counts as near
    expect(closestNames('parallel', names)).toEqual([]);
  });

  it('puts the suggestion in the fix of an unknown flag, and the whole list only when nothing is near', () => {
    const specs = { threads: { kind: 'positiveInt', description: '' }, iterations: { kind: 'positiveInt', description: '' } } as const satisfies FlagSpecs;
    const fail = (argv: string[]): BenchError => {
      try {
        parseCommandLine(argv, specs, 'resnet50 performance');
      } catch (e) {
        return e as BenchError;
      }
      throw new Error('expected an error');
    };
    const near = fail(['--thread', '2']);
    expect(near.exitCode).toBe(2);
    expect(near.message).toBe("resnet50 performance: Unknown option '--thread'");
    expect(near.hint).toBe('did you mean --threads? (`resnet50 performance --help` lists every flag)');
    expect(fail(['--parallel']).hint).toBe('valid flags: --threads --iterations');
  });
});
