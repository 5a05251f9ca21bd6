/**
 * The command a fleet pod runs (`node --import tsx /app/tools/fleet/src/pod-entry.ts /etc/modelbench-fleet/plan.json`):
 * each cell of its class's plan in turn, as the workload's own command line with `--json <tmp file> --quiet`, then
 * that file's bytes between the markers of markers.ts on stdout. The workloads' own output goes to stderr. SIGTERM
 * (eviction, `kubectl delete`) stops the running cell and the pod; the collector turns what is missing into errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noRecordFailure, type CellFailure } from './cell-failure.ts';
import { endLine, formatBlock, startLine } from './markers.ts';
import { KEEP_DIR_ENV, podPlanProblems, type PodCell, type PodPlan } from './pod-plan.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAX_STDERR_CHARS = 64 * 1024;

let child: ChildProcess | undefined;
let stopping: NodeJS.Signals | undefined;

type CellOutcome = { kind: 'record'; bytes: Buffer } | { kind: 'failure'; failure: CellFailure };

function runCell(cell: PodCell, timeoutSeconds: number, recordPath: string): Promise<CellOutcome> {
  rmSync(recordPath, { force: true });
  const script = join(REPO_ROOT, 'packages', cell.workload, 'src', 'main.ts');
  if (!existsSync(script)) return Promise.resolve({ kind: 'failure', failure: { code: 'USAGE', message: `this image has no workload '${cell.workload}' (no ${script})`, hint: 'fix the fleet file\'s workloads, or rebuild the image from a checkout that has it' } });
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', script, ...cell.args, '--json', recordPath, '--quiet'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let stderr = '';
    c.stdout!.on('data', (d: Buffer) => void process.stderr.write(d));
    c.stderr!.on('data', (d: Buffer) => {
      process.stderr.write(d);
      stderr = (stderr + d.toString('utf8')).slice(-MAX_STDERR_CHARS);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      c.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    c.on('error', (e) => {
      stderr += `\n${e.message}`;
    });
    c.on('close', (code, signal) => {
      clearTimeout(timer);
      child = undefined;
      const haveRecord = existsSync(recordPath);
      if (haveRecord && process.env[KEEP_DIR_ENV]) copyFileSync(recordPath, join(process.env[KEEP_DIR_ENV], `${cell.id}.json`));
      if (timedOut) resolve({ kind: 'failure', failure: { code: 'CELL_TIMEOUT', message: `the cell did not finish within ${timeoutSeconds} s and was stopped`, hint: 'raise cellTimeoutSeconds in the fleet file, or lower iterations' } });
      // a record the workload wrote is taken as it is, an error record too (status error, with its own message)
      else if (haveRecord) resolve({ kind: 'record', bytes: readFileSync(recordPath) });
      else resolve({ kind: 'failure', failure: noRecordFailure(stderr, { code, signal }) });
      rmSync(recordPath, { force: true });
    });
  });
}

function readPlan(path: string | undefined): PodPlan {
  const fail = (why: string): never => {
    process.stderr.write(`error [BAD_INPUT]: fleet pod: ${why}\n  fix: render the manifests again with \`fleet render\` (the ConfigMap holds plan.json)\n`);
    process.exit(2);
  };
  if (!path) return fail('no plan file given');
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return fail(`cannot read the plan ${path}: ${(e as Error).message}`);
  }
  const problems = podPlanProblems(value);
  if (problems.length) fail(`the plan ${path} is not valid: ${problems.slice(0, 3).join('; ')}`);
  return value as PodPlan;
}

function onSignal(signal: NodeJS.Signals): void {
  stopping = signal;
  if (child && child.exitCode === null) child.kill(signal);
}

async function main(argv: string[]): Promise<number> {
  const plan = readPlan(argv[0]);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const dir = join(tmpdir(), 'modelbench-fleet');
  mkdirSync(dir, { recursive: true });
  process.stdout.write(startLine(plan.machineClass, plan.cells.length));
  for (const [i, cell] of plan.cells.entries()) {
    process.stderr.write(`==> [${i + 1}/${plan.cells.length}] ${cell.id}: ${cell.workload} ${cell.args.join(' ')}\n`);
    const outcome = await runCell(cell, plan.cellTimeoutSeconds, join(dir, `${cell.id}.json`));
    if (stopping) {
      process.stderr.write(`==> stopped by ${stopping} during ${cell.id}; nothing printed for it\n`);
      return stopping === 'SIGINT' ? 130 : 143;
    }
    const payload = outcome.kind === 'record' ? outcome.bytes : Buffer.from(JSON.stringify(outcome.failure), 'utf8');
    await new Promise<void>((done) => process.stdout.write(formatBlock(cell.id, outcome.kind, payload), () => done()));
  }
  process.stdout.write(endLine(plan.machineClass, plan.cells.length));
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
