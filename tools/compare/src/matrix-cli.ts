/** `matrix`: flags → plan → run every cell → report over the results folder. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError, captureEnvironment, parseCommandLine, renderUsage, type FlagSpecs, type PrecisionName } from '@modelbench/core';
import { recoverNxArgs } from '@modelbench/harness';
import { collectBackendFacts, registeredBackendIds } from './backend-facts.ts';
import { calibrateWithBackends, onceEach } from './calibration.ts';
import { AUTO_INSTANCES, PLAIN_LOOP, PRECISIONS, SCENARIOS, type ScenarioName } from './cell.ts';
import { loadRecords } from './load-records.ts';
import { runMatrix } from './matrix.ts';
import { checkSelection, planMatrix, type MatrixSelection } from './matrix-plan.ts';
import { ProgressPrinter } from './progress.ts';
import { buildReport, writeReport } from './report.ts';
import { winnerSentence } from './markdown.ts';
import { discoverWorkloads } from './workloads.ts';

export const matrixFlags = {
  workloads: { kind: 'strings', value: 'A,B', description: 'workloads to run (default: every packages/<w>/src/main.ts)' },
  backends: { kind: 'strings', value: 'A,B', description: 'backends (default: every available one except null)' },
  precisions: { kind: 'strings', value: 'fp32,bf16', description: 'precisions (default fp32,bf16)' },
  threads: { kind: 'strings', value: 'N,M', description: 'intra-op thread counts (default: the physical cores)' },
  scenarios: { kind: 'strings', value: 'A,B', description: `load scenarios of a scaling sweep: ${SCENARIOS.join(', ')}, ${PLAIN_LOOP} (the timed loop; default: ${PLAIN_LOOP} only)` },
  instances: { kind: 'strings', value: 'N,M', description: 'instances of every scenario cell (cores used = instances × threads; default: not passed, 1); auto: the child takes the saved tune result at the cell\'s threads, else the cores rule' },
  'target-qps': { kind: 'positiveNumber', value: 'QPS', description: 'server cells: Poisson arrival rate (with --find-peak: the starting rate)' },
  'latency-bound-ms': { kind: 'positiveNumber', value: 'MS', description: 'server cells: p99 latency bound (default: MLPerf\'s for the workload)' },
  'find-peak': { kind: 'boolean', description: 'server cells: search the highest QPS within the bound (the report draws its probes)' },
  'min-duration': { kind: 'number', value: 'SECONDS', description: 'scenario cells: minimum run length for a VALID result' },
  'min-queries': { kind: 'positiveInt', description: 'scenario cells: minimum queries (offline: samples) for a VALID result' },
  batch: { kind: 'positiveInt', description: 'batch size of every cell (default: each workload\'s own)' },
  iterations: { kind: 'positiveInt', description: 'timed iterations per cell (default: the workload\'s, 10)' },
  warmup: { kind: 'int', description: 'warm-up calls per cell (default: the workload\'s, 1)' },
  profiling: { kind: 'boolean', description: 'profile every cell (the report adds the operator-type breakdown)' },
  'include-emulated': { kind: 'boolean', description: 'run bf16 cells that are only emulated here (skipped otherwise)' },
  out: { kind: 'string', value: 'DIR', description: 'results folder (default results/<timestamp>); an existing one resumes' },
  rerun: { kind: 'boolean', description: 'measure every cell again, even those already in the folder' },
  'rerun-errors': { kind: 'boolean', description: 'measure again the cells that failed last time' },
  'cell-timeout': { kind: 'positiveNumber', value: 'SECONDS', default: 1800, description: 'stop a cell that runs longer' },
  'no-report': { kind: 'boolean', description: 'do not write report.md, cells.csv and report.html into the folder' },
  root: { kind: 'string', value: 'DIR', description: 'workspace root holding packages/<w>/src/main.ts (default: this repository)' },
} as const satisfies FlagSpecs;

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-');
}

function positiveInts(flag: string, values: string[]): number[] {
  return values.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new BenchError('USAGE', `--${flag} takes positive whole numbers${flag === 'instances' ? ' or auto' : ''}, got '${v}'`, { hint: `for example --${flag} 1,2${flag === 'instances' ? ',auto' : ''}` });
    return n;
  });
}

/** --instances N,M,auto: positive counts and/or `auto`, each once. */
export function instanceChoices(values: string[]): (number | typeof AUTO_INSTANCES)[] {
  const counts = positiveInts('instances', values.filter((v) => v !== AUTO_INSTANCES));
  const auto: (typeof AUTO_INSTANCES)[] = values.includes(AUTO_INSTANCES) ? [AUTO_INSTANCES] : [];
  return [...new Set([...counts, ...auto])];
}

function scenarioNames(values: string[]): (ScenarioName | null)[] {
  const known: readonly string[] = [...SCENARIOS, PLAIN_LOOP];
  const unknown = values.filter((v) => !known.includes(v));
  if (unknown.length) throw new BenchError('USAGE', `matrix: unknown scenario '${unknown.join("', '")}' in --scenarios`, { hint: `valid scenarios: ${known.join(', ')}` });
  return [...new Set(values)].map((v) => (v === PLAIN_LOOP ? null : (v as ScenarioName)));
}

/** The server's flags are refused by loadgen in every other scenario; the run-length flags go to any scenario. */
const SERVER_ONLY = ['target-qps', 'latency-bound-ms', 'find-peak'] as const;
const ANY_SCENARIO = ['min-duration', 'min-queries'] as const;

type ScenarioFlagValues = { [K in (typeof SERVER_ONLY)[number] | (typeof ANY_SCENARIO)[number]]?: number | boolean | undefined };

/** Each scenario flag needs a cell that takes it; the fix names only the scenarios that accept the flag. */
export function checkScenarioFlags(flags: ScenarioFlagValues, scenarios: readonly (ScenarioName | null)[]): void {
  const given = (k: keyof ScenarioFlagValues): boolean => flags[k] !== undefined && flags[k] !== false;
  const server = SERVER_ONLY.find(given);
  if (server && !scenarios.includes('server')) {
    throw new BenchError('USAGE', `matrix: --${server} is for server cells, and --scenarios has none`, { hint: `add server to --scenarios (e.g. --scenarios ${[...scenarios.filter((x): x is ScenarioName => x !== null), 'server'].join(',')}), or drop --${server}` });
  }
  const run = ANY_SCENARIO.find(given);
  if (run && !scenarios.some((x) => x !== null)) {
    throw new BenchError('USAGE', `matrix: --${run} is for scenario cells`, { hint: `add --scenarios ${SCENARIOS.join('|')} (the plain loop takes --iterations)` });
  }
  if (scenarios.includes('server') && !given('target-qps') && !given('find-peak')) {
    throw new BenchError('USAGE', 'matrix: server cells need an arrival rate', { hint: 'give --target-qps QPS, or --find-peak to search it' });
  }
}

/** --out must be a folder (it is created): a file there, or a file on the way to it, is refused before any cell runs. */
export function checkOutFolder(outDir: string, given: string | undefined): void {
  for (let p = outDir; ; p = dirname(p)) {
    if (existsSync(p)) {
      if (!statSync(p).isDirectory()) {
        const what = p === outDir ? `--out ${given ?? outDir} is a file, not a folder` : `--out ${given ?? outDir} lies under ${p}, which is a file`;
        throw new BenchError('USAGE', `matrix: ${what}`, { hint: 'give --out a folder path (it is created if missing; an existing results folder resumes)' });
      }
      return;
    }
    if (dirname(p) === p) return;
  }
}

export async function matrixMain(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(renderUsage('matrix', matrixFlags) + '\n');
    return 0;
  }
  const { flags, positionals } = parseCommandLine(recoverNxArgs(argv, matrixFlags), matrixFlags, 'matrix');
  if (positionals.length) throw new BenchError('USAGE', `matrix: unexpected argument '${positionals[0]}'`, { hint: 'flags start with --; see --help' });
  const rootDir = resolve(flags.root ?? REPO_ROOT);
  const knownWorkloads = discoverWorkloads(rootDir);
  const knownBackends = registeredBackendIds();
  const allFacts = flags.backends ? null : await collectBackendFacts(knownBackends.filter((b) => b !== 'null'));
  const selection: MatrixSelection = {
    workloads: flags.workloads ?? knownWorkloads,
    backends: flags.backends ?? [...allFacts!.values()].filter((f) => f.available).map((f) => f.id),
    precisions: (flags.precisions ?? [...PRECISIONS]) as PrecisionName[],
    threads: flags.threads ? positiveInts('threads', flags.threads) : [captureEnvironment().cpu.physicalCores],
    includeEmulated: Boolean(flags['include-emulated']),
    scenarios: flags.scenarios ? scenarioNames(flags.scenarios) : [null],
    instances: flags.instances ? instanceChoices(flags.instances) : null,
    physicalCores: captureEnvironment().cpu.physicalCores,
  };
  const sweep = selection.scenarios!.some((x) => x !== null);
  checkScenarioFlags(flags, selection.scenarios!);
  const outDir = resolve(flags.out ?? `results/${timestamp(new Date())}`);
  checkOutFolder(outDir, flags.out);
  if (flags['min-duration'] !== undefined && !(flags['min-duration'] >= 0)) throw new BenchError('USAGE', `--min-duration takes seconds ≥ 0, got ${flags['min-duration']}`, { hint: 'for example --min-duration 2' });
  checkSelection(selection, knownWorkloads, knownBackends);
  const facts = allFacts ?? (await collectBackendFacts(selection.backends));
  const cells = planMatrix(selection, facts);
  const progress = new ProgressPrinter(process.stderr);
  const run = cells.filter((c) => c.action === 'run').length;
  progress.info(`matrix: ${cells.length} cells (${run} to run, ${cells.length - run} skipped here) → ${outDir}`);
  if (allFacts) {
    const left = [...allFacts.values()].filter((f) => !f.available).map((f) => f.id);
    if (left.length) progress.info(`not chosen by default (unavailable here; name them in --backends to record why): ${left.join(', ')}`);
  }
  const outcome = await runMatrix({
    rootDir,
    outDir,
    cells,
    facts,
    settings: {
      batch: flags.batch ?? null,
      iterations: flags.iterations ?? null,
      warmup: flags.warmup ?? null,
      profiling: Boolean(flags.profiling),
      ...(sweep
        ? {
            scenario: {
              targetQps: flags['target-qps'] ?? null,
              latencyBoundMs: flags['latency-bound-ms'] ?? null,
              findPeak: Boolean(flags['find-peak']),
              minDurationSeconds: flags['min-duration'] ?? null,
              minQueries: flags['min-queries'] ?? null,
            },
          }
        : {}),
    },
    rerun: Boolean(flags.rerun),
    rerunErrors: Boolean(flags['rerun-errors']),
    cellTimeoutMs: flags['cell-timeout'] * 1000,
    progress,
    calibrate: onceEach(calibrateWithBackends),
  });
  progress.info(
    `matrix: ${outcome.measured} measured, ${outcome.reused} kept from before, ${outcome.skipped} skipped, ${outcome.errors} failed` +
      (outcome.interrupted ? ' — interrupted; run the same command again to resume' : ''),
  );
  if (outcome.interrupted) return 130;
  if (!flags['no-report']) {
    const report = buildReport(loadRecords([outDir]));
    const paths = writeReport(report, outDir);
    process.stdout.write(report.summary.workloads.map((w) => winnerSentence(w, report.summary.parts).replace(/\*\*/g, '')).join('\n') + '\n');
    process.stdout.write(`report: ${paths.markdown}\n        ${paths.csv}\n        ${paths.html}\n`);
  }
  return outcome.errors > 0 ? 1 : 0;
}
