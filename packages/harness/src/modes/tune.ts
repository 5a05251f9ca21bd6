/**
 * `tune`: the configuration that serves best here, found by measurement. Searches instances × intra-op threads ×
 * batch for the best offline throughput, and instances × threads for the highest server QPS whose p99 meets the
 * latency bound, within `--budget-s`, by successive halving (tune/search.ts), each cell run by loadgen on the same
 * scenario executors as `performance --scenario`. Prints every cell tried with its interval, the best and its margin
 * over the runner-up, writes a RunRecord (mode 'tune', its `tune` section) and saves the result for this machine and
 * model, where `--instances auto` reads it (tune/saved.ts).
 */
import { BenchError, buildRecord, captureEnvironment, monotonicMs, renderMarkdownTable, targetLine, writeFileAtomic, writeJsonRecords, type FlagSpecs, type ParsedFlags, type RunRecord } from '@modelbench/core';
import { runScenario, type RunScenarioOptions } from '@modelbench/loadgen';
import * as models from '@modelbench/models';
import { ownOptionsOf, performanceFlags } from '../flags.ts';
import { checkWritable, openBound, refuseArguments, setUpRun } from '../run-setup.ts';
import { bySplit, coreSplits, tuneCells } from '../tune/grid.ts';
import { tuneOptionsOf, type TuneObjectiveName } from '../tune/options.ts';
import { loadSampleStore, sampleSetWarnings, scenarioSamples, type SampleStore } from '../sample-set.ts';
import { SplitSessions } from '../tune/split-sessions.ts';
import { confirmBest, confirmLines, type Confirmation } from '../tune/confirm.ts';
import { offlineCost, serverCost, type RunCell } from '../tune/measure.ts';
import { objectiveLines, objectiveRecord, type TuneObjective } from '../tune/report.ts';
import { saveTuning, tuningPath, machineKey, type SavedTuning, type TunedCell } from '../tune/saved.ts';
import { minimumBudgetMs, successiveHalving } from '../tune/search.ts';
import type { Workload } from '../workload.ts';
import { instanceConfig, realExecutorFactory, type MakeExecutorFactory } from './scenario-executors.ts';
import { withInterruptGuard } from './scenario-interrupt.ts';
import type { ModeCall } from './mode-call.ts';

const { threads: _threads, ...sessionFlags } = {
  backend: performanceFlags.backend,
  threads: performanceFlags.threads,
  'inter-op-threads': performanceFlags['inter-op-threads'],
  'graph-optimization': performanceFlags['graph-optimization'],
  spinning: performanceFlags.spinning,
  bf16: performanceFlags.bf16,
};

export const tuneFlags = {
  model: performanceFlags.model,
  'model-id': performanceFlags['model-id'],
  adapter: performanceFlags.adapter,
  'cache-dir': performanceFlags['cache-dir'],
  offline: performanceFlags.offline,
  'allow-unpinned': performanceFlags['allow-unpinned'],
  ...sessionFlags,
  seed: performanceFlags.seed,
  'budget-s': { kind: 'positiveNumber', value: 'SECONDS', default: 120, description: 'wall time of the whole search, sessions and warm-up included (both objectives: 2/3 offline, 1/3 server)' },
  objective: { kind: 'string', value: 'offline|server|both', default: 'both', description: 'offline: samples/s; server: the highest QPS whose p99 meets the latency bound (find-peak)' },
  batches: { kind: 'string', value: 'LIST', description: 'offline batches to try, e.g. 1,4,16 (default 1, 4, 16 and the workload\'s default batch up to 32; only 1 for a model of one sample per call)' },
  'latency-bound-ms': { kind: 'positiveNumber', value: 'MS', description: 'server: the p99 bound (default: MLPerf\'s Server bound of the workload)' },
  'no-save': { kind: 'boolean', description: 'do not save the result for --instances auto' },
  'confirm-s': { kind: 'number', value: 'SECONDS', default: 0, description: 'after the search (outside --budget-s): the offline best, 1 × cores and cores × 1 (at its batch and at 1) measured this long each, side by side' },
  json: performanceFlags.json,
  markdown: performanceFlags.markdown,
  quiet: { kind: 'boolean', description: 'print only the best configurations' },
} as const satisfies FlagSpecs;
export type TuneFlagSpecs = typeof tuneFlags;

export function tuneFlagsOf<PF extends FlagSpecs>(extra: PF): TuneFlagSpecs & PF {
  return { ...tuneFlags, ...extra };
}

export const TUNE_HELP_NOTE =
  'tune searches instances × threads × batch by successive halving: every cell is measured briefly, the better half again for about twice as long, and so on until two are left; the budget covers everything. --inter-op-threads is not searched (onnxruntime runs these sessions in sequential execution mode, where the inter-op pool is unused).';

export interface TuneDeps {
  makeFactory?: MakeExecutorFactory;
  runOptions?: RunScenarioOptions;
  /** the search's clock, ms (tests: the FakeClock's) */
  clock?: () => number;
  physicalCores?: number;
}

const MIN_CELL_MS = { offline: 1500, server: 3000 } as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runTune<B, PF extends FlagSpecs>(call: ModeCall<Workload<B, any, any, any, PF, any>, ParsedFlags<TuneFlagSpecs & PF>>, deps: TuneDeps = {}): Promise<number> {
  const { workload, flags, positionals, registry, startedAt } = call;
  const f = flags as ParsedFlags<TuneFlagSpecs>;
  refuseArguments(workload.id, 'tune', positionals);
  // the flags as typed options, once (tune/options.ts); only the workload's `prepare` reads its own flags
  const t = tuneOptionsOf(f, workload);
  const bound = t.latencyBoundMs;
  const objectives = (t.objective === 'both' ? ['offline', 'server'] : [t.objective]).filter((o) => o !== 'server' || bound !== undefined) as TuneObjectiveName[];
  const notes: string[] = t.objective === 'both' && bound === undefined ? [`server not tuned: ${workload.id} has no MLPerf Server bound (give --latency-bound-ms)`] : [];
  const requested = t.requestedBatches;
  checkWritable(t.jsonPath, t.markdownPath);
  // the set-up every mode shares (run-setup.ts), its sessions at one thread (t.run): plan, resolve, open, bind
  const setup = await setUpRun(workload, t.run, registry, { mode: 'tune', quiet: t.quiet });
  const { precision, backend, progress, model } = setup;
  const env = captureEnvironment();
  const cores = deps.physicalCores ?? env.cpu.physicalCores;
  const clock = deps.clock ?? monotonicMs;

  const opened = await openBound<B>(setup, workload, precision);
  const { bound: bound_, loadMs: sessionLoadMs } = opened;
  let sequential = false;
  let store: SampleStore;
  let sampleNote: string[];
  try {
    progress.phase('preparing inputs');
    // prepared at the largest batch: a model of one sample per call says so there (consecutive calls)
    const prepared = await workload.performance.prepare({ options: ownOptionsOf(flags, workload.performance.flags), modelOptions: t.run.model, batch: Math.max(...requested), seed: t.seed, bound: bound_, signature: opened.loaded, model });
    sequential = prepared.batchMode === 'sequential' || prepared.callsPerIteration > 1;
    // the performance sample set, as `performance --scenario` loads it: a call of k indices stacks k samples
    progress.phase('loading the performance sample set');
    const loadedSet = loadSampleStore(scenarioSamples(prepared, sequential));
    store = loadedSet.store;
    sampleNote = sampleSetWarnings(loadedSet.info);
  } finally {
    await opened.loaded.dispose();
  }
  const batches = sequential ? [1] : requested;
  if (sequential && requested.some((b) => b > 1)) notes.push(`${workload.id}'s model takes one sample per call: a batch would be consecutive calls, so only batch 1 is tried`);
  notes.push('--inter-op-threads is not searched: these sessions run in onnxruntime\'s sequential execution mode, where the inter-op pool is unused');
  notes.push(...sampleNote);

  const sessions = new SplitSessions((deps.makeFactory ?? realExecutorFactory)(instanceConfig({ spec: opened.spec, precision, store, sequential })));
  const runCell: RunCell = async (settings, cell) => runScenario({ ...settings, sampleCount: store.count }, await sessions.factoryFor(cell), deps.runOptions ?? {});
  const runWarnings = new Set<string>();
  // a cell's run stops at its time slot, short of loadgen's minima: those lines say nothing about the search
  const ownLine = (w: string): boolean => /^stopped at --max-duration|^offline attempt|early stopping|^find-peak/.test(w);
  // a busy machine is said once, with the worst share seen, not once per cell
  const busy: number[] = [];
  const onResult = (_c: TunedCell, r: { warnings: string[]; machineLoad?: { othersBusyFraction?: number | undefined } }): void => {
    for (const w of r.warnings.filter((x) => !ownLine(x))) if (!/^machine busy/.test(w)) runWarnings.add(w);
    if (r.warnings.some((w) => /^machine busy/.test(w))) busy.push(r.machineLoad?.othersBusyFraction ?? Number.NaN);
  };
  const ctx = { workload: workload.id, physicalCores: cores, seed: t.seed, latencyBoundMs: bound, onResult };
  notes.push('each cell runs for its time slot only (loadgen stops it there): it ranks configurations, it is not a VALID MLPerf run — `performance --scenario offline --instances auto` is');
  const budgetMs = t.budgetS * 1000;
  const fraction = (o: 'offline' | 'server'): number => (objectives.length === 1 ? 1 : o === 'offline' ? 2 / 3 : 1 / 3);
  const plan = objectives.map((o) => {
    const cells = o === 'offline' ? tuneCells(cores, batches) : coreSplits(cores).map((s) => ({ ...s, batch: 1 }));
    // a split's sessions open once for all its batches (split-sessions.ts); a warm-up call and the run's end beside
    return { o, cells, overheadMs: (sessionLoadMs * coreSplits(cores).length) / cells.length + 300 };
  });
  // every objective's first round must fit before anything runs (no search that fails half-way)
  const neededMs = Math.max(...plan.map(({ o, cells, overheadMs }) => minimumBudgetMs(cells.length, MIN_CELL_MS[o], overheadMs) / fraction(o)));
  if (neededMs > budgetMs) {
    const what = plan.map(({ o, cells }) => `${cells.length} ${o} cells`).join(' and ');
    throw new BenchError('USAGE', `--budget-s ${t.budgetS} is too short for ${what} (each needs ≥ ${MIN_CELL_MS.offline / 1000} s timed, plus ${(sessionLoadMs / 1000).toFixed(1)} s per split to open its sessions here)`, {
      hint: `give --budget-s ${Math.ceil(neededMs / 1000)} or more, fewer --batches, or --objective offline`,
    });
  }
  const coresRule: TunedCell = { instances: cores, threads: 1, batch: 1 };
  const results: TuneObjective[] = [];
  const search = async (): Promise<void> => {
    for (const { o, cells, overheadMs } of plan) {
      let n = 0;
      const cost = (o === 'offline' ? offlineCost : serverCost)(runCell, ctx);
      const measure = (cell: TunedCell, durationMs: number, round: number) => {
        progress.phase(`${o}: round ${round + 1}, cell ${++n} (${cell.instances} × ${cell.threads}t, batch ${cell.batch})`);
        return cost(cell, durationMs);
      };
      const share = budgetMs * fraction(o);
      const r = await successiveHalving(cells, measure, { budgetMs: share, minCellMs: MIN_CELL_MS[o], overheadMs, clock, order: bySplit });
      results.push(objectiveRecord(o, r, { budgetMs: share, latencyBoundMs: o === 'server' ? bound! : null, coresRule }));
    }
  };
  let confirm: Confirmation | undefined;
  const confirmMs = t.confirmS * 1000;
  const checkBest = async (): Promise<void> => {
    const off = results.find((r) => r.objective === 'offline');
    if (confirmMs <= 0 || !off?.best.figure.valid) return;
    confirm = await confirmBest(off.best.cell, cores, confirmMs, offlineCost(runCell, ctx), (cell, i, n) => progress.phase(`confirm: cell ${i} of ${n} (${cell.instances} × ${cell.threads}t, batch ${cell.batch})`));
  };
  await withInterruptGuard(() => search().then(checkBest).finally(() => sessions.endAll()), { cleanUp: () => sessions.endAll() });
  progress.done();
  if (busy.length > 0) {
    const worst = Math.max(...busy.filter(Number.isFinite));
    runWarnings.add(`machine busy: other processes used ${Number.isFinite(worst) ? `up to ${(worst * 100).toFixed(0)} %` : 'much'} of the CPU time during ${busy.length} of the cells' runs; the ranking is noisy — rerun tune on a quiet machine`);
  }

  const key = machineKey(env.cpu.model, cores);
  const path = !t.save ? null : tuningPath(models.resolveCacheDir({ flag: t.run.model.cacheDir }), { cpuModel: env.cpu.model, physicalCores: cores, workload: workload.id, modelSha256: model.info.sha256, backend: backend.id, precision });
  const off = results.find((r) => r.objective === 'offline');
  const srv = results.find((r) => r.objective === 'server');
  const saved: SavedTuning = {
    version: 1,
    machineKey: key,
    workload: workload.id,
    modelSha256: model.info.sha256,
    backend: backend.id,
    precision,
    measuredAt: startedAt.toISOString(),
    offline: off && off.best.figure.valid ? { ...off.best.cell, samplesPerSecond: off.best.figure.value } : null,
    server: srv && srv.best.figure.valid ? { ...srv.best.cell, peakQps: srv.best.figure.value, latencyBoundMs: bound! } : null,
  };
  if (path) saveTuning(path, saved);
  const record: RunRecord = {
    ...buildRecord({
      mode: 'tune',
      workload: workload.id,
      startedAt,
      model: { ...model.info, macsPerSample: null, adapter: t.run.adapterId ?? 'auto' },
      backend: { ...opened.backendInfo, sessionOptions: sessions.sessionOptions() ?? opened.backendInfo.sessionOptions },
      config: null,
      calibratedPeakGflopsPerSecond: null,
      timers: { 'session load (ms)': sessionLoadMs },
      warnings: [...runWarnings],
    }),
    tune: { objectives: results, savedTo: path, machineKey: key, notes, ...(confirm ? { confirm } : {}) },
  };

  const lines: string[] = [];
  if (off?.best.figure.valid) lines.push(targetLine(workload.id, 1 / off.best.figure.value));
  for (const r of results) lines.push(...(t.quiet ? objectiveLines(r).slice(-2, -1) : ['', ...objectiveLines(r)]));
  if (confirm) lines.push('', ...confirmLines(confirm));
  if (!t.quiet) {
    lines.push('', ...notes.map((n) => `note: ${n}`));
    lines.push(path ? `saved for --instances auto on this machine (${key}): ${path}` : 'not saved (--no-save)');
    for (const w of runWarnings) lines.push(`warning: ${w}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  if (t.jsonPath) writeJsonRecords(t.jsonPath, record);
  if (t.markdownPath) writeFileAtomic(t.markdownPath, markdownOf(workload.id, results) + '\n');
  return 0;
}

function markdownOf(workload: string, results: readonly TuneObjective[]): string {
  const parts = [`## ${workload} — tune`, ''];
  for (const r of results) {
    parts.push(`### ${r.objective} (${r.unit})`, '', r.method, '');
    parts.push(renderMarkdownTable(['cell', 'round', 'value', 'low', 'high', 'note'], r.trials.map((t) => [`${t.cell.instances} × ${t.cell.threads}t b${t.cell.batch}`, String(t.round + 1), t.figure.value.toFixed(2), t.figure.low?.toFixed(2) ?? '', t.figure.high?.toFixed(2) ?? '', t.figure.note ?? ''])), '');
  }
  return parts.join('\n');
}
