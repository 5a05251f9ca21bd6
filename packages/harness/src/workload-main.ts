/**
 * A workload's command line from its Workload definition: `main.ts performance|validate [flags]`, `--help` (each
 * mode lists its own flags), `--version`; errors as one line and an exit code. With --json, a run that fails after
 * its flags parsed leaves an error record in that file.
 */
import { BenchError, parseCommandLine, renderUsage, runMain, writeErrorRecord, type FlagSpecs } from '@modelbench/core';
import { createDefaultRegistry, type BackendRegistry } from '@modelbench/backends';
import { validateFlagsFor } from './flags.ts';
import { runAccuracy } from './modes/accuracy.ts';
import { accuracyFlagsFor } from './modes/accuracy-flags.ts';
import { performanceFlagsOf, runPerformance } from './modes/performance.ts';
import { runValidate } from './modes/validate.ts';
import { runTune, TUNE_HELP_NOTE, tuneFlagsOf } from './modes/tune.ts';
import { recoverNxArgs, strayWordHint } from './nx-args.ts';
import { recordPaths } from './record-path.ts';
import { keepRecordWithOutputs } from './cached-record.ts';
import { refuseArguments } from './run-setup.ts';
import { helpSpecs } from './help-specs.ts';
import { endRunProgress } from './run-progress.ts';
import { versionLines } from './version.ts';
import type { AnyWorkload } from './workload.ts';

const MODES = ['performance', 'validate', 'accuracy', 'tune'] as const;

export function modeFlags(workload: AnyWorkload, mode: (typeof MODES)[number]): FlagSpecs {
  if (mode === 'accuracy') return { ...accuracyFlagsFor(workload.id), ...(workload.accuracy?.flags ?? {}) };
  if (mode === 'tune') return tuneFlagsOf(workload.performance.flags);
  return mode === 'performance' ? performanceFlagsOf(workload.performance.flags) : { ...validateFlagsFor(workload.id), ...workload.validate.flags };
}

export function usage(workload: AnyWorkload): string {
  return [
    `${workload.id}: ${workload.title}`,
    '',
    `usage: ${workload.id} performance [flags]   time inference (the [TARGET] line, statistics, --json record)`,
    `       ${workload.id} validate [flags]      fp32 against --bf16 (or a second fp32 session) on real inputs, with a verdict`,
    ...(workload.accuracy ? [`       ${workload.id} accuracy [flags]      a data set scored in fp32 and --bf16 side by side: the 99 % rule, changed predictions`] : []),
    `       ${workload.id} tune [flags]          search instances × threads × batch for the best offline and server throughput (successive halving, --budget-s)`,
    `       ${workload.id} --version             the suite's and onnxruntime's versions`,
    '',
    `\`${workload.id} <mode> --help\` lists that mode's flags.`,
  ].join('\n');
}

const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');

/** Writes the error record of a failed run when --json was given (never hiding the original error). */
async function withErrorRecord(json: string | undefined, ctx: { workload: string; mode: string; startedAt: Date }, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (json) {
      try {
        writeErrorRecord(json, ctx, e);
      } catch {
        /* the path itself may be what failed; the original error is what the user needs */
      }
    }
    throw e;
  }
}

export async function runWorkloadCommand(workload: AnyWorkload, argv: readonly string[], registry: BackendRegistry = createDefaultRegistry()): Promise<number> {
  const [mode, ...rest] = argv;
  if (mode === '--version' || mode === '-V') {
    process.stdout.write(versionLines(registry).join('\n') + '\n');
    return 0;
  }
  if (mode === undefined || mode === '--help' || mode === '-h') {
    process.stdout.write(usage(workload) + '\n');
    return 0;
  }
  if (mode === 'accuracy' && !workload.accuracy) {
    throw new BenchError('USAGE', `${workload.id}: no accuracy mode yet`, { hint: 'run `validate` to compare fp32 and bf16 on a few inputs' });
  }
  if (mode !== 'performance' && mode !== 'validate' && mode !== 'accuracy' && mode !== 'tune') {
    throw new BenchError('USAGE', `${workload.id}: unknown mode '${mode}'`, { hint: `modes: ${MODES.join(', ')} (or --help, --version)` });
  }
  const specs = modeFlags(workload, mode);
  // `nx run <w>:<mode> -- --version` (Nx keeps a bare --version for itself) reaches the mode: the same lines
  if (rest.includes('--version')) {
    process.stdout.write(versionLines(registry).join('\n') + '\n');
    return 0;
  }
  if (wantsHelp(rest)) {
    process.stdout.write(renderUsage(`${workload.id} ${mode}`, helpSpecs(specs)) + (mode === 'tune' ? `\n\n${TUNE_HELP_NOTE}` : '') + '\n');
    return 0;
  }
  const startedAt = new Date();
  // only the workload's own Nx task for this mode reads the typed words: a child process of another task
  // (compare:matrix's cells, a test spawning the CLI) inherits them, but its command line is its parent's, complete
  const ownTask = process.env.NX_TASK_TARGET_PROJECT === workload.id && process.env.NX_TASK_TARGET_TARGET === mode;
  const args = ownTask ? recoverNxArgs(rest, specs) : [...rest];
  const { flags, positionals } = parseCommandLine(args, specs, `${workload.id} ${mode}`);
  if (args.join('\0') !== rest.join('\0')) {
    // Nx's echo of the command (`> nx run …`, "With additional flags") shows its own parse, not what runs
    process.stderr.write(`[${workload.id} ${mode}] flags as run (Nx's echo above shows its own reading): ${args.join(' ')}\n`);
  }
  if (mode === 'performance' && positionals.length) refuseArguments(workload.id, mode, positionals, strayWordHint(positionals[0] as string));
  // {workload} in a path, a folder path, and under Nx the run's own record (claimed, so no task overwrites another's)
  const paths = recordPaths({ json: flags.json as string | undefined, markdown: 'markdown' in specs ? (flags.markdown as string | undefined) : undefined }, workload.id, mode);
  Object.assign(flags, paths);
  const json = paths.json;
  // a failed run's error line must not land on its live progress line: the progress ends first, whatever happened
  const call = { workload, flags: flags as never, positionals, registry, startedAt };
  const code = await withErrorRecord(json, { workload: workload.id, mode, startedAt }, () =>
    (mode === 'performance' ? runPerformance(call) : mode === 'tune' ? runTune(call) : mode === 'accuracy' ? runAccuracy(call) : runValidate(call)).finally(endRunProgress),
  );
  // Nx caches validate and accuracy with their out-dir: the record goes with it, for a replay (cached-record.ts)
  if (ownTask) keepRecordWithOutputs(json, flags['out-dir']);
  return code;
}

export function workloadMain(workload: AnyWorkload, registry?: BackendRegistry): void {
  void runMain(() => runWorkloadCommand(workload, process.argv.slice(2), registry ?? createDefaultRegistry()));
}
