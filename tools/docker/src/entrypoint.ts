/**
 * The image's entrypoint (`ENTRYPOINT ["node", "--import", "tsx", "/app/tools/docker/src/entrypoint.ts"]`): turns
 * its arguments into steps (see entrypoint-plan.ts), runs each workload's own command line in its own Node process,
 * one after another, and exits with the first failing step's code. Ctrl-C / `docker stop` reach the running step.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BenchError, runMain } from '@modelbench/core';
import { cacheDirFromArgs, cacheWarning, checkCacheDir } from './cache-check.ts';
import { overallExitCode, planRun, usageText, type Step } from './entrypoint-plan.ts';
import { discoverTools, discoverWorkloads } from './workloads.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

interface StepResult {
  step: Step;
  code: number;
}

let activeChild: ReturnType<typeof spawn> | undefined;
let interruptedBy: NodeJS.Signals | undefined;

function forwardSignal(signal: NodeJS.Signals): void {
  interruptedBy = signal;
  if (activeChild && activeChild.exitCode === null) activeChild.kill(signal);
  else process.exit(SIGNAL_EXIT[signal] ?? 1);
}

function runStep(step: Step): Promise<number> {
  return new Promise((resolveCode) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', step.script, ...step.args], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: process.env,
    });
    activeChild = child;
    child.on('error', (e) => {
      process.stderr.write(`error [INTERNAL]: cannot start ${step.label}: ${e.message}\n`);
      resolveCode(1);
    });
    child.on('exit', (code, signal) => {
      activeChild = undefined;
      resolveCode(code ?? (signal ? (SIGNAL_EXIT[signal] ?? 1) : 1));
    });
  });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const ctx = { workloads: discoverWorkloads(REPO_ROOT), tools: discoverTools(REPO_ROOT) };
  const plan = planRun(argv, ctx);
  if (plan.kind === 'help') {
    process.stdout.write(usageText(ctx) + '\n');
    return 0;
  }
  if (plan.kind === 'error') throw new BenchError('USAGE', plan.message, { hint: plan.hint });

  if (plan.steps.some((s) => s.workload !== undefined)) {
    const cacheDir = cacheDirFromArgs(argv, process.env, REPO_ROOT);
    const warning = cacheDir === undefined ? undefined : cacheWarning(checkCacheDir(cacheDir), process.getuid?.());
    if (warning) process.stderr.write(warning + '\n');
  }

  process.on('SIGINT', forwardSignal);
  process.on('SIGTERM', forwardSignal);
  const results: StepResult[] = [];
  for (const [i, step] of plan.steps.entries()) {
    if (plan.steps.length > 1) process.stderr.write(`==> ${step.label} (${i + 1}/${plan.steps.length})\n`);
    const code = await runStep(step);
    results.push({ step, code });
    if (interruptedBy) break;
    if (code === 2 && plan.stopOnUsageError && i < plan.steps.length - 1) {
      process.stderr.write(`==> stopped: ${step.label} rejected its arguments (exit 2); the other workloads would too\n`);
      break;
    }
  }
  if (plan.steps.length > 1) {
    const summary = results.map((r) => `${r.step.label}: ${r.code === 0 ? 'ok' : `exit ${r.code}`}`).join(', ');
    process.stderr.write(`==> ${summary}\n`);
  }
  if (interruptedBy) return SIGNAL_EXIT[interruptedBy] ?? 1;
  return overallExitCode(results.map((r) => r.code));
}

void runMain(main);
