import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overallExitCode, planRun, substituteWorkload, usageText, type Plan } from '../src/entrypoint-plan.ts';

const ctx = { workloads: ['resnet50', 'ssd', 'bert'], tools: { backends: 'packages/backends/src/cli.ts' } };
const steps = (p: Plan) => (p.kind === 'run' ? p.steps.map((s) => [s.script, ...s.args].join(' ')) : p.kind);

describe('planRun', () => {
  it('runs performance of every workload when given nothing (the default command)', () => {
    expect(steps(planRun([], ctx))).toEqual([
      'packages/resnet50/src/main.ts performance',
      'packages/ssd/src/main.ts performance',
      'packages/bert/src/main.ts performance',
    ]);
  });

  it('passes flags to every workload, with a leading flag meaning performance', () => {
    const expected = ctx.workloads.map((w) => `packages/${w}/src/main.ts performance --batch 1 --iterations 2`);
    expect(steps(planRun(['--batch', '1', '--iterations', '2'], ctx))).toEqual(expected);
    expect(steps(planRun(['performance', '--batch', '1', '--iterations', '2'], ctx))).toEqual(expected);
  });

  it('runs validate of every workload', () => {
    expect(steps(planRun(['validate', '--seed', '3'], ctx))).toEqual(ctx.workloads.map((w) => `packages/${w}/src/main.ts validate --seed 3`));
  });

  it("hands one workload's arguments to its own CLI, defaulting the mode to performance", () => {
    expect(steps(planRun(['ssd'], ctx))).toEqual(['packages/ssd/src/main.ts performance']);
    expect(steps(planRun(['ssd', '--bf16'], ctx))).toEqual(['packages/ssd/src/main.ts performance --bf16']);
    expect(steps(planRun(['ssd', 'validate', '--bf16'], ctx))).toEqual(['packages/ssd/src/main.ts validate --bf16']);
    // an unknown mode goes to the workload's CLI, which names it
    expect(steps(planRun(['ssd', 'benchmark'], ctx))).toEqual(['packages/ssd/src/main.ts benchmark']);
  });

  it('substitutes {workload} in flag values so one run writes one record per workload', () => {
    expect(steps(planRun(['--json', 'out/{workload}.json'], ctx))).toEqual(ctx.workloads.map((w) => `packages/${w}/src/main.ts performance --json out/${w}.json`));
    expect(substituteWorkload(['a{workload}b{workload}'], 'x')).toEqual(['axbx']);
  });

  it('runs the tools by name and asks one workload for the flag list', () => {
    expect(steps(planRun(['backends'], ctx))).toEqual(['packages/backends/src/cli.ts']);
    expect(steps(planRun(['performance', '--help'], ctx))).toEqual(['packages/resnet50/src/main.ts performance --help']);
    expect(planRun(['help'], ctx).kind).toBe('help');
    expect(planRun(['-h'], ctx).kind).toBe('help');
  });

  it('rejects an unknown workload or command, listing what exists', () => {
    const p = planRun(['resnet'], ctx);
    expect(p).toEqual({
      kind: 'error',
      message: "unknown workload or command 'resnet'",
      hint: 'workloads: resnet50, ssd, bert; commands: performance, validate, backends, help',
    });
    expect(planRun(['models'], ctx).kind).toBe('error'); // not in this context's tools
    expect(planRun([], { workloads: [], tools: {} }).kind).toBe('error');
  });

  it('stops the other workloads after a usage error and reports the first failure', () => {
    const p = planRun(['--bogus'], ctx);
    expect(p.kind === 'run' && p.stopOnUsageError).toBe(true);
    expect(overallExitCode([0, 0, 0])).toBe(0);
    expect(overallExitCode([0, 1, 2])).toBe(1);
    expect(overallExitCode([2])).toBe(2);
  });

  it('documents every workload and tool in the usage text', () => {
    const text = usageText(ctx);
    for (const w of [...ctx.workloads, 'backends', '{workload}', '/models', '/app/out']) expect(text).toContain(w);
  });
});

describe('entrypoint process', () => {
  const entry = join(import.meta.dirname, '..', 'src', 'entrypoint.ts');
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('exits 2 with one error line and the fix for an unknown workload', () => {
    const r = run('nosuchworkload');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error \[USAGE\]: unknown workload or command 'nosuchworkload'\n {2}fix: workloads: resnet50/);
    expect(r.stdout).toBe('');
  });

  it("prints the usage listing this checkout's workloads", () => {
    const r = run('help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('one workload: resnet50');
  });
});
