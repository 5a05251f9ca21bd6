/**
 * The collector on real container output: renders a small fleet for this machine, runs its Job's container with
 * Docker exactly as a pod would run it (pod-as-container.ts), and checks that the collector takes back every
 * cell's record byte for byte (against the files the workloads wrote, kept by the pod entry), and that output cut
 * inside a record gives an error cell for it, the cells before it intact, the cells after it `CELL_NOT_RUN` — never
 * a crash. Used by tools/fleet's container test and by the Docker build-test (tools/docker).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classCells, fleetCellId } from './cells.ts';
import { collectCells, type CellOutcome } from './collect.ts';
import type { FleetSpec } from './fleet-file.ts';
import { classObjects } from './manifests.ts';
import { BEGIN_PREFIX } from './markers.ts';
import { podDockerArgs } from './pod-as-container.ts';
import { KEEP_DIR_ENV, PLAN_FILE } from './pod-plan.ts';

export interface ContainerCheckContext {
  docker: string;
  dockerEnv: NodeJS.ProcessEnv;
  image: string;
  /** the workload to run (the cells: fp32 and bf16 on ort-cpu, and one on an unknown backend that fails) */
  workload: string;
  /** a docker volume holding generated models, reused instead of generating them again (optional) */
  modelsVolume?: string;
  log: (line: string) => void;
}

export interface ContainerRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function dockerRun(ctx: ContainerCheckContext, args: string[], timeoutMs: number): Promise<ContainerRun> {
  return new Promise((resolve) => {
    const child = spawn(ctx.docker, ['run', ...args], { env: ctx.dockerEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => (stderr += e.message));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr });
    });
  });
}

export function checkFleet(image: string, workload: string): FleetSpec {
  return {
    name: 'buildtest',
    image,
    imagePullPolicy: 'Never',
    imagePullSecrets: [],
    namespace: null,
    cellTimeoutSeconds: 600,
    cache: { kind: 'emptyDir', sizeLimit: '2Gi' },
    classes: [
      {
        name: 'here',
        selector: { arch: process.arch === 'x64' ? 'amd64' : process.arch, instanceType: null, labels: {} },
        matrix: { workloads: [workload], backends: ['ort-cpu', 'no-such-backend'], precisions: ['fp32', 'bf16'], scenarios: null, threads: [1], instances: null, batch: 1, iterations: 1, warmup: 0 },
        resources: { cpu: 1, memory: '4Gi', ephemeralStorage: null },
        allocatableCpu: null,
        placement: { tolerations: [], nodeSelector: {}, priorityClassName: null },
      },
    ],
  };
}

function outcomeText(o: CellOutcome): string {
  return o.kind === 'record' ? `record (${o.bytes.length} bytes)` : `error [${o.error.code}] ${o.error.message}`;
}

/** Where to cut the output: inside the second block's BEGIN line, just after it, mid-payload, inside its END line. */
export function cutPoints(stdout: Buffer): number[] {
  const begins: number[] = [];
  for (let i = stdout.indexOf(BEGIN_PREFIX); i !== -1; i = stdout.indexOf(BEGIN_PREFIX, i + 1)) begins.push(i);
  const second = begins[1];
  if (second === undefined) return [];
  const lineEnd = stdout.indexOf(0x0a, second) + 1;
  const nextBegin = begins[2] ?? stdout.length;
  const endLine = stdout.lastIndexOf('=====MODELBENCH-RECORD-END', nextBegin);
  return [second + 20, lineEnd, Math.floor((lineEnd + endLine) / 2), endLine + 10];
}

export async function containerCollectionProblems(ctx: ContainerCheckContext): Promise<string[]> {
  const fleet = checkFleet(ctx.image, ctx.workload);
  const mc = fleet.classes[0]!;
  const cells = classCells(mc);
  const ids = cells.map(fleetCellId);
  const objects = classObjects(fleet, mc, cells);
  const configMap = objects.find((o) => o.kind === 'ConfigMap')!;
  const job = objects.find((o) => o.kind === 'Job')!;
  const planDir = mkdtempSync(join(tmpdir(), 'modelbench-fleet-plan-'));
  const keepDir = mkdtempSync(join(tmpdir(), 'modelbench-fleet-keep-'));
  try {
    writeFileSync(join(planDir, PLAN_FILE), (configMap.data as Record<string, string>)[PLAN_FILE]!);
    chmodSync(planDir, 0o755);
    chmodSync(keepDir, 0o777);
    const args = podDockerArgs(job, { configMapDirs: { plan: planDir }, volumeSources: ctx.modelsVolume ? { models: ctx.modelsVolume } : {} }, { [KEEP_DIR_ENV]: '/keep' });
    args.splice(args.indexOf(ctx.image), 0, '-v', `${keepDir}:/keep`);
    ctx.log(`docker run ${args.join(' ')}`);
    const run = await dockerRun(ctx, args, 20 * 60_000);
    const problems: string[] = [];
    if (run.code !== 0) problems.push(`the pod's container exited ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const kept = new Map(readdirSync(keepDir).map((f) => [f.replace(/\.json$/, ''), readFileSync(join(keepDir, f))]));
    const whole = collectCells(ids, run.stdout, { podName: 'container', reason: `exit ${run.code}` });
    for (const o of whole) {
      const file = kept.get(o.id);
      if (o.kind !== 'record') problems.push(`${o.id}: collected ${outcomeText(o)}, expected its record`);
      else if (!file) problems.push(`${o.id}: the workload wrote no record file, yet a record was collected`);
      else if (!o.bytes.equals(file)) problems.push(`${o.id}: the collected record (${o.bytes.length} bytes) differs from the file the workload wrote (${file.length} bytes)`);
    }
    const status = (o: CellOutcome): string | undefined => (o.kind === 'record' ? (JSON.parse(o.bytes.toString('utf8')) as { status?: string }).status : undefined);
    const byId = new Map(whole.map((o) => [o.id, o]));
    for (const c of cells) {
      const o = byId.get(fleetCellId(c));
      const want = c.backend === 'ort-cpu' ? 'ok' : 'error';
      if (o && o.kind === 'record' && status(o) !== want) problems.push(`${o.id}: record status ${status(o)}, expected ${want}`);
    }
    const cuts = cutPoints(run.stdout);
    if (cuts.length === 0) problems.push('fewer than two records in the output: nothing to cut');
    for (const cut of cuts) {
      const partial = collectCells(ids, run.stdout.subarray(0, cut), { podName: 'container', reason: 'output cut for the test' });
      const [first, second, ...rest] = partial;
      if (!first || first.kind !== 'record' || !first.bytes.equals(kept.get(first.id) ?? Buffer.alloc(0))) problems.push(`cut at byte ${cut}: the first cell is ${first ? outcomeText(first) : 'missing'}, expected its record intact`);
      const wantSecond = cut >= (cuts[1] ?? 0) ? 'RECORD_TRUNCATED' : 'CELL_NOT_RUN';
      if (!second || second.kind !== 'error' || second.error.code !== wantSecond) problems.push(`cut at byte ${cut}: the second cell is ${second ? outcomeText(second) : 'missing'}, expected error [${wantSecond}]`);
      for (const o of rest) if (o.kind !== 'error' || o.error.code !== 'CELL_NOT_RUN') problems.push(`cut at byte ${cut}: ${o.id} is ${outcomeText(o)}, expected error [CELL_NOT_RUN]`);
    }
    ctx.log(`fleet collector: ${whole.filter((o) => o.kind === 'record').length}/${ids.length} records from ${run.stdout.length} bytes of container stdout; ${cuts.length} cuts checked`);
    return problems;
  } finally {
    rmSync(planDir, { recursive: true, force: true });
    rmSync(keepDir, { recursive: true, force: true });
  }
}
