/**
 * Real pod output without a cluster: the pod entry run on this machine with a small plan, exactly the bytes it
 * prints on stdout, and the record files the workloads wrote (kept through MODELBENCH_FLEET_KEEP_DIR).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEEP_DIR_ENV, PLAN_VERSION, type PodCell, type PodPlan } from '../src/pod-plan.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const QUICK = ['--threads', '1', '--batch', '1', '--iterations', '1', '--warmup', '0', '--no-calibration', '--offline'];

/** ok on ort-cpu, ok on the null backend, an error record (unknown backend), a failure (no such workload). */
export const TEST_CELLS: PodCell[] = [
  { id: 'resnet50__ort-cpu__fp32__t1', workload: 'resnet50', args: ['performance', '--backend', 'ort-cpu', ...QUICK] },
  { id: 'resnet50__null__fp32__t1', workload: 'resnet50', args: ['performance', '--backend', 'null', ...QUICK] },
  { id: 'resnet50__no-such-backend__fp32__t1', workload: 'resnet50', args: ['performance', '--backend', 'no-such-backend', ...QUICK] },
  { id: 'nosuch__ort-cpu__fp32__t1', workload: 'nosuch', args: ['performance', '--backend', 'ort-cpu', ...QUICK] },
];

export interface PodOutput {
  code: number;
  stdout: Buffer;
  stderr: string;
  /** cell id → the record file the workload wrote */
  kept: Map<string, Buffer>;
}

export function runPodEntry(cells: PodCell[] = TEST_CELLS, machineClass = 'here'): PodOutput {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-pod-'));
  const keep = join(dir, 'keep');
  spawnSync('mkdir', ['-p', keep]);
  const plan: PodPlan = { version: PLAN_VERSION, fleet: 'test', machineClass, cellTimeoutSeconds: 300, cells };
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'tools/fleet/src/pod-entry.ts'), join(dir, 'plan.json')], {
    cwd: REPO_ROOT,
    env: { ...process.env, [KEEP_DIR_ENV]: keep, MODELBENCH_CACHE_DIR: join(REPO_ROOT, '.modelbench', 'models') },
    maxBuffer: 64 * 2 ** 20,
  });
  const kept = new Map(readdirSync(keep).map((f) => [f.replace(/\.json$/, ''), readFileSync(join(keep, f))]));
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr.toString('utf8'), kept };
}
