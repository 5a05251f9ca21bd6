import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureEnvironment, parseCpuinfo } from '../src/environment.ts';
import { loadSnapshot } from '../src/load-snapshot.ts';
import { REPO_ROOT, gitInfo, modelbenchVersion } from '../src/software.ts';

const x86 = `processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu avx2 fma sse4_2\nphysical id\t: 0\ncore id\t\t: 0\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu avx2 fma sse4_2\nphysical id\t: 0\ncore id\t\t: 0\n\nprocessor\t: 2\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu avx2 fma sse4_2\nphysical id\t: 0\ncore id\t\t: 1\n`;
const arm = `processor\t: 0\nBogoMIPS\t: 100.00\nFeatures\t: fp asimd sve bf16 i8mm svebf16\nCPU implementer\t: 0x41\nCPU part\t: 0xd49\n\nprocessor\t: 1\nFeatures\t: fp asimd sve bf16 i8mm svebf16\n`;

describe('cpuinfo parsing', () => {
  it('reads the model, flags and physical cores on x86', () => {
    expect(parseCpuinfo(x86)).toEqual({ model: 'AMD EPYC 7B13', flags: ['avx2', 'fma', 'fpu', 'sse4_2'], physicalCores: 2 });
  });

  it('reads Features on arm64 (Neoverse N2 lists bf16)', () => {
    const p = parseCpuinfo(arm);
    expect(p.flags).toContain('bf16');
    expect(p.physicalCores).toBeUndefined();
  });

  it('captures this machine', () => {
    const env = captureEnvironment();
    expect(env.cpu.logicalCores).toBeGreaterThanOrEqual(1);
    expect(env.cpu.physicalCores).toBeLessThanOrEqual(env.cpu.logicalCores);
    expect(env.node).toBe(process.version);
  });
});

describe('software provenance', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'ignore' });

  it('reads the commit of a checkout and whether a tracked file changed (untracked files do not count)', () => {
    const root = mkdtempSync(join(tmpdir(), 'mb-git-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'modelbench', version: '9.8.7' }));
    git(root, 'init', '-q');
    git(root, 'add', 'package.json');
    git(root, 'commit', '-q', '-m', 'x');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    expect(gitInfo(root)).toEqual({ commit: head, dirty: false });
    writeFileSync(join(root, 'untracked.txt'), 'x');
    expect(gitInfo(root)).toEqual({ commit: head, dirty: false });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'modelbench', version: '9.8.8' }));
    expect(gitInfo(root)).toEqual({ commit: head, dirty: true });
    expect(modelbenchVersion(root)).toBe('9.8.8');
  });

  it('is null outside a checkout, and the version is null for a package.json that is not modelbench', () => {
    const root = mkdtempSync(join(tmpdir(), 'mb-nogit-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'other', version: '1.0.0' }));
    expect(gitInfo(root)).toBeNull();
    expect(modelbenchVersion(root)).toBeNull();
  });

  it('records the installed onnxruntime-node version, the command line and the load around the run', () => {
    const before = loadSnapshot();
    const env = captureEnvironment({ argv: ['node', 'x', '--json', 'o.json'], loadBefore: before, runtimeEnv: { logLevel: 'warning' } });
    const installed = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;
    expect(env.software.onnxruntime).toMatchObject({ nodeVersion: installed, env: { logLevel: 'warning' } });
    expect(env.software.argv).toEqual(['node', 'x', '--json', 'o.json']);
    expect(env.load.before).toEqual(before);
    expect(env.load.after!.loadAverage).toHaveLength(3);
  });

  it("takes the process start's snapshot as `before` when the runner passes none, and none when it passes null", () => {
    const env = captureEnvironment();
    expect(env.load.before).not.toBeNull();
    expect(Date.parse(env.load.before!.at)).toBeLessThanOrEqual(Date.parse(env.load.after!.at));
    expect(captureEnvironment({ loadBefore: null }).load).toMatchObject({ before: null, stealPercent: null });
  });
});
