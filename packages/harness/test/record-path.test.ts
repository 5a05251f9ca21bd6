import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { claimRecordPath, expandRecordPath, recordPaths } from '../src/record-path.ts';

describe('expandRecordPath', () => {
  it('names the run in {workload} and {mode}; a folder gets <workload>.<mode>.<ext>', () => {
    expect(expandRecordPath('out/{workload}-{mode}.json', 'ssd', 'performance')).toBe('out/ssd-performance.json');
    expect(expandRecordPath('out/r/', 'bert', 'validate')).toBe('out/r/bert.validate.json');
    expect(expandRecordPath('out/r/', 'bert', 'performance', 'markdown')).toBe('out/r/bert.performance.md');
    expect(expandRecordPath('out/r.json', 'bert', 'performance')).toBe('out/r.json');
  });
});

describe('recordPaths under Nx', () => {
  const task = (project: string, target: string, dir: string): NodeJS.ProcessEnv => ({ NX_TASK_TARGET_PROJECT: project, NX_TASK_TARGET_TARGET: target, MODELBENCH_RECORD_DIR: dir });

  it("the workload's own task writes its record to the run folder by default; other tasks and plain runs do not", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-rec-'));
    expect(recordPaths({}, 'resnet50', 'performance', task('resnet50', 'performance', dir))).toEqual({ json: join(dir, 'resnet50.performance.json') });
    expect(recordPaths({}, 'resnet50', 'performance', task('resnet50', 'test', dir))).toEqual({});
    expect(recordPaths({}, 'resnet50', 'performance', {})).toEqual({});
    expect(readdirSync(join(dir, 'claims'))).toHaveLength(1);
  });

  it('refuses a --json file another task of the same run writes, naming both fixes; the same task may claim again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-rec-'));
    const shared = join(dir, 'r.json');
    expect(recordPaths({ json: shared }, 'resnet50', 'performance', task('resnet50', 'performance', dir))).toEqual({ json: shared });
    expect(() => claimRecordPath(dir, shared, 'resnet50:performance', 'json')).not.toThrow();
    let err: unknown;
    try {
      recordPaths({ json: shared }, 'ssd', 'performance', task('ssd', 'performance', dir));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BenchError);
    expect((err as BenchError).code).toBe('USAGE');
    expect((err as BenchError).message).toBe(`--json ${shared}: resnet50:performance of this Nx run writes that file too`);
    expect((err as BenchError).hint).toContain('--json out/{workload}.json');
    // with {workload} each task has its own file
    const per = join(dir, '{workload}.json');
    expect(recordPaths({ json: per }, 'ssd', 'performance', task('ssd', 'performance', dir)).json).toBe(join(dir, 'ssd.json'));
    expect(recordPaths({ json: per }, 'bert', 'performance', task('bert', 'performance', dir)).json).toBe(join(dir, 'bert.json'));
    expect(existsSync(shared)).toBe(false);
    const claim = readdirSync(join(dir, 'claims')).map((n) => readFileSync(join(dir, 'claims', n), 'utf8')).find((c) => c.startsWith('ssd:'));
    expect(claim).toBe(`ssd:performance\n${resolve(dir, 'ssd.json')}\njson\n`);
  });
});
