import { describe, expect, it } from 'vitest';
import { batchFromArgv, recoverNxArgs, restoreBatch } from '../src/nx-args.ts';

describe('Nx --batch recovery', () => {
  it('reads --batch in both forms', () => {
    expect(batchFromArgv(['--bf16', '--batch', '4'])).toBe('4');
    expect(batchFromArgv(['--batch=8'])).toBe('8');
    expect(batchFromArgv(['--batch', '--bf16'])).toBeUndefined();
    expect(batchFromArgv(['--batch-size', '2'])).toBeUndefined();
  });

  it('puts back `--batch N` that Nx swallowed, dropping the stray bare number', () => {
    const nxArgv = ['node', '/repo/node_modules/.bin/nx', 'run', 'resnet50:performance', '--bf16', '--batch', '4'];
    expect(restoreBatch(['--bf16', '4'], nxArgv)).toEqual(['--bf16', '--batch', '4']);
    expect(restoreBatch(['--threads', '2'], ['nx', 'run', 'x:performance', '--batch=16', '--threads', '2'])).toEqual(['--threads', '2', '--batch', '16']);
  });

  it('leaves argv alone outside Nx or when --batch is already there', () => {
    expect(recoverNxArgs(['--batch', '2'], {})).toEqual(['--batch', '2']);
    expect(recoverNxArgs(['4'], {})).toEqual(['4']);
    expect(restoreBatch(['--batch', '2'], ['nx', '--batch', '9'])).toEqual(['--batch', '2']);
    expect(restoreBatch(['--iterations', '3'], undefined)).toEqual(['--iterations', '3']);
  });
});
