import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDirFromArgs, cacheWarning, checkCacheDir } from '../src/cache-check.ts';
import { outcomeProblems, parseTargetLines, recordProblems, targetProblems, userProblems } from '../src/checks.ts';
import { discoverWorkloads, orderWorkloads } from '../src/workloads.ts';

describe('TARGET lines', () => {
  const out = 'loading…\n[TARGET] resnet50 Time 0.0412\nstats\n  [TARGET] bert Time 1.5e-1  \n[TARGET] ssd Time NaN\n';

  it('parses one time in seconds per workload', () => {
    expect([...parseTargetLines(out)]).toEqual([
      ['resnet50', 0.0412],
      ['bert', 0.15],
      ['ssd', NaN],
    ]);
  });

  it('names every workload without a line, with a non-positive time, and any unexpected one', () => {
    expect(targetProblems(out, ['resnet50', 'bert'])).toEqual(['[TARGET] line for unexpected workload ssd']);
    expect(targetProblems(out, ['resnet50', 'ssd', 'bert', 'maskrcnn'])).toEqual([
      '[TARGET] ssd: time NaN is not a positive number of seconds',
      'no [TARGET] line for maskrcnn',
    ]);
    expect(targetProblems('[TARGET] resnet50 Time 0\n', ['resnet50'])).toEqual(['[TARGET] resnet50: time 0 is not a positive number of seconds']);
  });
});

describe('run outcomes', () => {
  it('checks the exit code and the messages', () => {
    const o = { code: 2, stdout: '', stderr: "error [USAGE]: Unknown option '--x'" };
    expect(outcomeProblems(o, { exit: 2, stderrIncludes: ["unknown option '--x'"] })).toEqual([]);
    expect(outcomeProblems(o, { exit: 0, stdoutIncludes: ['TARGET'] })).toEqual(['exit code 2, expected 0', 'stdout lacks "TARGET"']);
    expect(outcomeProblems({ ...o, code: 0 }, { exit: 'nonzero' })).toEqual(['exit code 0, expected non-zero']);
  });

  it('accepts a record file only when every record is an ok record of that workload', () => {
    expect(recordProblems(JSON.stringify({ workload: 'ssd', status: 'ok' }), 'ssd')).toEqual([]);
    expect(recordProblems(JSON.stringify([{ workload: 'ssd', status: 'ok' }, { workload: 'bert', status: 'error' }]), 'ssd')).toEqual([
      'record.workload is "bert", expected ssd',
      'record.status is "error", expected "ok"',
    ]);
    expect(recordProblems('[]', 'ssd')).toEqual(['no record in the file']);
    expect(recordProblems('{', 'ssd')[0]).toMatch(/^not JSON/);
  });

  it('fails an image that runs as root', () => {
    expect(userProblems('node', '1000\n')).toEqual([]);
    expect(userProblems('', '0\n')).toEqual(['image Config.User is unset (root)', 'the container runs as uid 0']);
    expect(userProblems('0:0', '0')).toHaveLength(2);
    expect(userProblems('node', 'id: not found')).toEqual(['id -u printed "id: not found"']);
  });
});

describe('model cache check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes --cache-dir (both spellings) over MODELBENCH_CACHE_DIR', () => {
    expect(cacheDirFromArgs(['--batch', '1', '--cache-dir', 'm'], { MODELBENCH_CACHE_DIR: '/models' }, '/app')).toBe('/app/m');
    expect(cacheDirFromArgs(['--cache-dir=/x'], {}, '/app')).toBe('/x');
    expect(cacheDirFromArgs([], { MODELBENCH_CACHE_DIR: '/models' }, '/app')).toBe('/models');
    expect(cacheDirFromArgs([], {}, '/app')).toBeUndefined();
  });

  it('judges a missing folder by the nearest existing parent, and a file as not a folder', () => {
    expect(checkCacheDir(join(dir, 'a', 'b'))).toEqual({ path: join(dir, 'a', 'b'), writable: true });
    writeFileSync(join(dir, 'file'), '');
    expect(checkCacheDir(join(dir, 'file'))).toEqual({ path: join(dir, 'file'), writable: false, code: 'ENOTDIR' });
  });

  it('says read-only or whose, and the fix', () => {
    expect(cacheWarning({ path: '/models', writable: true }, 1000)).toBeUndefined();
    expect(cacheWarning({ path: '/models', writable: false, code: 'EROFS' }, 1000)).toMatch(/^warning: model cache \/models is mounted read-only: .*\n {2}fix: mount a writable volume/);
    expect(cacheWarning({ path: '/models', writable: false, code: 'EACCES' }, 1234)).toContain('is not writable by uid 1234');
  });
});

describe('workloads', () => {
  it("orders the original's four first, then the rest alphabetically", () => {
    expect(orderWorkloads(['bert', 'zeta', 'resnet50', 'alpha', 'maskrcnn', 'ssd'])).toEqual(['resnet50', 'ssd', 'maskrcnn', 'bert', 'alpha', 'zeta']);
  });

  it('finds the packages that have src/main.ts', () => {
    const root = mkdtempSync(join(tmpdir(), 'workloads-'));
    try {
      for (const [p, main] of [['ssd', true], ['core', false], ['resnet50', true]] as const) {
        mkdirSync(join(root, 'packages', p, 'src'), { recursive: true });
        if (main) writeFileSync(join(root, 'packages', p, 'src', 'main.ts'), '');
      }
      expect(discoverWorkloads(root)).toEqual(['resnet50', 'ssd']);
      expect(discoverWorkloads(join(root, 'nowhere'))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
