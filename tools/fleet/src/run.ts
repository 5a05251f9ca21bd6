/**
 * `fleet run`: render the Jobs of the cells still to run, apply them with the user's kubectl, follow them
 * (`kubectl get` / `kubectl wait`), collect every cell's record from its pod's log, write one results folder per
 * machine class and the merged report. Finished cells of an earlier run are kept; a failed or evicted pod's cells
 * are error records naming why.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, loadRecords, scenarioSentence, winnerSentence, writeReport } from '@modelbench/compare';
import { classCells, fleetCellId, type FleetCell } from './cells.ts';
import { collectCells } from './collect.ts';
import type { FleetSpec, MachineClass } from './fleet-file.ts';
import type { Kubectl } from './kubectl.ts';
import { CONTAINER_NAME, jobName } from './manifests.ts';
import { jobStatus, newestPod, podEnd, podPhase, schedulingProblem, type JobStatus } from './pod-status.ts';
import { classWarnings, jobDeadlineSeconds } from './pod-size.ts';
import { classManifestFile, NETWORK_POLICY_FILE, renderFleet } from './render.ts';
import { cellsToRun, classDir, prepareClassDir, writeOutcome } from './results.ts';

export interface FleetRunOptions {
  fleet: FleetSpec;
  outDir: string;
  kubectl: Kubectl;
  rerun: boolean;
  rerunErrors: boolean;
  pollSeconds: number;
  /** stop waiting after this long (the cells not printed by then become errors); null: the Jobs' deadlines + 10 min */
  timeoutSeconds: number | null;
  /** a pod the scheduler cannot place for this long stops its class (its Job deleted, its cells errors with the reason) */
  unschedulableSeconds: number;
  log: (line: string) => void;
  /** the clock --timeout and --unschedulable-seconds are measured on, ms since the epoch (default Date.now; tests pass a fake one) */
  now?: () => number;
}

export interface FleetOutcome {
  cells: number;
  kept: number;
  recorded: number;
  errors: number;
  reportPaths: { markdown: string; csv: string; html: string } | null;
}

interface ClassRun {
  mc: MachineClass;
  dir: string;
  todo: FleetCell[];
  job: string;
  lastPhase: string;
  lastProblem: string | null;
  /** when the scheduler first said it cannot place the pod (ms since the epoch); null while it can */
  unschedulableSince: number | null;
}

async function collectClass(o: FleetRunOptions, run: ClassRun, job: JobStatus, outcome: FleetOutcome, stoppedWaiting: string | null): Promise<void> {
  const pods = await o.kubectl.ok(['get', 'pods', '-l', `job-name=${run.job}`, '-o', 'json']);
  const pod = newestPod(pods);
  const end = podEnd(pod, job);
  if (stoppedWaiting) end.reason = `${stoppedWaiting}; ${end.reason}`;
  const podName = pod?.metadata?.name;
  const logs = podName ? await o.kubectl.raw(['logs', podName, '-c', CONTAINER_NAME]) : null;
  const log = logs && logs.code === 0 ? logs.stdout : null;
  if (logs && logs.code !== 0) end.reason += `; kubectl logs: ${logs.stderr.trim().split('\n').at(-1) ?? `exit ${logs.code}`}`;
  const results = collectCells(run.todo.map(fleetCellId), log, end);
  let ok = 0;
  for (const [i, r] of results.entries()) {
    writeOutcome(run.dir, run.mc, run.todo[i]!, r);
    if (r.kind === 'record') ok++;
  }
  outcome.recorded += ok;
  outcome.errors += results.length - ok;
  o.log(`fleet: class ${run.mc.name}: ${ok} of ${results.length} cells recorded${results.length - ok ? `, ${results.length - ok} errors (${end.reason})` : ''} → ${run.dir}`);
  for (const r of results) if (r.kind === 'error') o.log(`  ${r.id}: error [${r.error.code}] ${r.error.message}`);
}

/**
 * A finished Job of the class left by an earlier, interrupted `fleet run`: the records its pod printed for cells
 * still to run are kept before the Job is replaced (its failures are not: those cells run again).
 */
async function salvage(o: FleetRunOptions, run: ClassRun, outcome: FleetOutcome): Promise<void> {
  const existing = await o.kubectl.raw(['get', 'job', run.job, '-o', 'json']);
  if (existing.code !== 0) return;
  const job = jobStatus(existing.stdout.toString('utf8'));
  if (job.state !== 'complete' && job.state !== 'failed') return;
  const pod = newestPod(await o.kubectl.ok(['get', 'pods', '-l', `job-name=${run.job}`, '-o', 'json']));
  const podName = pod?.metadata?.name;
  if (!podName) return;
  const logs = await o.kubectl.raw(['logs', podName, '-c', CONTAINER_NAME]);
  if (logs.code !== 0) return;
  const found = collectCells(run.todo.map(fleetCellId), logs.stdout, podEnd(pod, job));
  const kept = new Set<string>();
  for (const [i, r] of found.entries()) {
    if (r.kind !== 'record') continue;
    writeOutcome(run.dir, run.mc, run.todo[i]!, r);
    kept.add(r.id);
  }
  if (kept.size === 0) return;
  run.todo = run.todo.filter((c) => !kept.has(fleetCellId(c)));
  outcome.recorded += kept.size;
  o.log(`fleet: class ${run.mc.name}: ${kept.size} records taken from the earlier Job ${run.job} (pod ${podName}); ${run.todo.length} cells left to run`);
}

/** The scheduler's reason a Pending pod waits (its FailedScheduling event), or null. */
async function schedulerSays(o: FleetRunOptions, pod: ReturnType<typeof newestPod>): Promise<string | null> {
  const name = pod?.metadata?.name;
  if (!name || pod?.status?.phase !== 'Pending') return null;
  const events = await o.kubectl.raw(['get', 'events', '--field-selector', `involvedObject.kind=Pod,involvedObject.name=${name},reason=FailedScheduling`, '-o', 'json']);
  return schedulingProblem(pod, events.code === 0 ? events.stdout.toString('utf8') : null);
}

/** A class whose pod cannot be placed: its Job is deleted and every cell still to run is an error with the reason. */
async function stopUnschedulable(o: FleetRunOptions, run: ClassRun, problem: string, outcome: FleetOutcome): Promise<void> {
  await o.kubectl.ok(['delete', 'job', run.job, '--ignore-not-found', '--wait=false']);
  const error = {
    code: 'UNSCHEDULABLE',
    message: `the pod of class ${run.mc.name} could not be scheduled for ${o.unschedulableSeconds} s — ${problem}`,
    hint: "ask for what its nodes can give (the class's allocatableCpu, fewer threads, less memory), or let it onto them (selector, nodeSelector, tolerations); then run `fleet run` again",
  };
  for (const cell of run.todo) writeOutcome(run.dir, run.mc, cell, { id: fleetCellId(cell), kind: 'error', error });
  outcome.errors += run.todo.length;
  o.log(`fleet: class ${run.mc.name}: stopped — ${error.message}; Job ${run.job} deleted, its ${run.todo.length} cells recorded as errors`);
}

function hasRecords(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json') && !f.startsWith('.') && f !== 'matrix.json');
}

export async function runFleet(o: FleetRunOptions): Promise<FleetOutcome> {
  const context = await o.kubectl.checkContext();
  o.log(`fleet ${o.fleet.name}: kubectl context ${context}${o.kubectl.target.namespace ? `, namespace ${o.kubectl.target.namespace}` : ''} → ${o.outDir}`);
  const outcome: FleetOutcome = { cells: 0, kept: 0, recorded: 0, errors: 0, reportPaths: null };
  const runs: ClassRun[] = [];
  for (const mc of o.fleet.classes) {
    const dir = classDir(o.outDir, mc);
    prepareClassDir(dir, mc, o.rerun);
    const all = classCells(mc);
    const todo = cellsToRun(dir, all, o);
    outcome.cells += all.length;
    outcome.kept += all.length - todo.length;
    o.log(`fleet: class ${mc.name}: ${all.length} cells, ${all.length - todo.length} kept from before, ${todo.length} to run`);
    for (const w of classWarnings(mc)) o.log(`warning: ${w}`);
    runs.push({ mc, dir, todo, job: jobName(o.fleet, mc), lastPhase: '', lastProblem: null, unschedulableSince: null });
  }
  for (const r of runs.filter((x) => x.todo.length > 0)) await salvage(o, r, outcome);
  const active = runs.filter((r) => r.todo.length > 0);
  if (active.length) {
    const manifests = join(o.outDir, 'manifests');
    const todoOf = new Map(runs.map((r) => [r.mc.name, r.todo]));
    renderFleet(o.fleet, manifests, (mc) => todoOf.get(mc.name) ?? []);
    await o.kubectl.ok(['apply', '-f', join(manifests, NETWORK_POLICY_FILE)]);
    for (const r of active) {
      // a Job's pod template cannot change: an earlier Job of this class goes first (its records are in the folder)
      await o.kubectl.ok(['delete', 'job', r.job, '--ignore-not-found', '--wait=true']);
      await o.kubectl.ok(['apply', '-f', join(manifests, classManifestFile(r.mc))]);
      o.log(`fleet: class ${r.mc.name}: applied Job ${r.job} (${r.todo.length} cells)`);
    }
    const limitS = o.timeoutSeconds ?? Math.max(...active.map((r) => jobDeadlineSeconds(o.fleet, r.todo))) + 600;
    const now = o.now ?? Date.now;
    const deadline = now() + limitS * 1000;
    const pending = new Set(active);
    while (pending.size) {
      for (const r of [...pending]) {
        const job = jobStatus(await o.kubectl.ok(['get', 'job', r.job, '-o', 'json']));
        if (job.state === 'complete' || job.state === 'failed') {
          pending.delete(r);
          o.log(`fleet: class ${r.mc.name}: Job ${job.state}${job.failure ? ` (${job.failure})` : ''}`);
          await collectClass(o, r, job, outcome, null);
          continue;
        }
        const pod = newestPod(await o.kubectl.ok(['get', 'pods', '-l', `job-name=${r.job}`, '-o', 'json']));
        const phase = podPhase(pod);
        if (phase !== r.lastPhase) o.log(`fleet: class ${r.mc.name}: pod ${phase}`);
        r.lastPhase = phase;
        const problem = await schedulerSays(o, pod);
        if (problem !== r.lastProblem && problem) o.log(`fleet: class ${r.mc.name}: pod ${pod?.metadata?.name ?? '?'} cannot be scheduled — ${problem}`);
        r.lastProblem = problem;
        r.unschedulableSince = problem ? (r.unschedulableSince ?? now()) : null;
        if (problem && now() - r.unschedulableSince! >= o.unschedulableSeconds * 1000) {
          pending.delete(r);
          await stopUnschedulable(o, r, problem, outcome);
          continue;
        }
        if (now() > deadline) {
          pending.delete(r);
          await collectClass(o, r, job, outcome, `fleet run stopped waiting after ${limitS} s (the Job is left running; run again to collect it anew)`);
        }
      }
      const next = [...pending][0];
      if (next) await o.kubectl.raw(['wait', '--for=condition=complete', `job/${next.job}`, `--timeout=${o.pollSeconds}s`]);
    }
  }
  const dirs = runs.map((r) => r.dir).filter(hasRecords);
  if (dirs.length) {
    const report = buildReport(loadRecords(dirs));
    outcome.reportPaths = writeReport(report, o.outDir);
    for (const w of report.summary.workloads) o.log(winnerSentence(w, report.summary.parts).replace(/\*\*/g, ''));
    // scenario cells: ranked on MLPerf's metric (scenario.headline), as in the report
    for (const r of report.scenarios) o.log(scenarioSentence(r, report.summary.parts).replace(/\*\*/g, ''));
  }
  return outcome;
}
