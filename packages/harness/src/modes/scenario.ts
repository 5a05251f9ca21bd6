/**
 * `performance --scenario NAME`: an MLPerf-style load scenario (packages/loadgen) instead of the plain timed loop.
 * The harness resolves the model and opens one session here to bind the adapter and let the workload prepare one
 * call's feeds (one sample per call, or `--batch` / multi-stream's share of a query for a model with a batch
 * dimension); that session is closed and its SessionSpec re-opened in every instance (a worker thread, or a pinned
 * child process), fed from one query queue. The [TARGET] line, loadgen's summary lines, and a record whose `scenario`
 * field holds the whole ScenarioResult (raw latencies, per-instance and total figures, validity, warnings).
 */
import { join } from 'node:path';
import { BenchError, buildRecord, captureEnvironment, renderMarkdownReport, targetLine, writeFileAtomic, writeJsonRecords, type FlagSpecs, type ParsedFlags, type RunRecord } from '@modelbench/core';
import type { BackendRegistry } from '@modelbench/backends';
import { mlperfLogDirOf, withConfSettings, withMlperfConf, writeMlperfPerformanceLogs } from '@modelbench/loadgen';
import { probePinningHost, resolveScenarioSettings, type ScenarioContext, runScenario, scenarioLines, type RunScenarioOptions, type ScenarioResult, type ScenarioSettings } from '@modelbench/loadgen';
import { ownOptionsOf, type PerformanceFlagSpecs } from '../flags.ts';
import type { PlainLoopOptions } from '../loop-budget.ts';
import type { PerformanceOptions } from './performance-options.ts';
import { macsForRun } from '../macs.ts';
import { checkWritable, openBound, setUpRun } from '../run-setup.ts';
import type { Workload } from '../workload.ts';
import { loadSampleStore, sampleSetWarnings, scenarioSamples } from '../sample-set.ts';
import { instanceConfig, realExecutorFactory, TrackedExecutors, type MakeExecutorFactory } from './scenario-executors.ts';
import { withInterruptGuard, type InterruptHooks } from './scenario-interrupt.ts';
import { scenarioConfig, scenarioSamplesMs, scenarioTarget } from './scenario-record.ts';
import { tunedChoice } from '../tune/auto.ts';
import { checkScenarioInstances } from '../instance-demand.ts';
import { gatherBf16Warnings } from '../bf16-warning.ts';

export interface ScenarioDeps {
  /** how instances are made (default: real sessions in worker threads / pinned child processes) */
  makeFactory?: MakeExecutorFactory;
  /** runScenario's options (tests: a FakeClock, no /proc reads) */
  runOptions?: RunScenarioOptions;
  interrupt?: Omit<InterruptHooks, 'cleanUp'>;
}

/**
 * The scenario settings of a performance run, every scenario option checked (USAGE errors, exit 2), before any model
 * work; undefined without a scenario. (A plain loop's --target-rme, --min-queries and --max-duration are the loop's:
 * performanceOptionsOf leaves them out of `o.scenario`.)
 */
export function scenarioSettingsOf(o: Pick<PerformanceOptions, 'scenario' | 'mlperfConf' | 'batch' | 'seed' | 'run'>, workload: string, tuned?: ScenarioContext['tuned']): ScenarioSettings | undefined {
  // mlperf.conf, then user.conf, under the options given (LoadGen's precedence: loadgen's mlperf-conf-merge.ts)
  const { options, conf } = withMlperfConf(o.scenario, o.mlperfConf, workload);
  const settings = resolveScenarioSettings(options, { workload, batch: o.batch, threads: o.run.session.threads, physicalCores: captureEnvironment().cpu.physicalCores, seed: o.seed, tuned });
  return settings && conf ? withConfSettings(settings, conf, o.seed) : settings;
}

/** Options of the plain loop that a scenario does not use: given anyway, they are named in a warning (never fatal:
 * tools such as compare:matrix and fleet pass --iterations / --warmup to every cell). */
function ignoredFlagWarnings(loop: PlainLoopOptions): string[] {
  const ignored = ([['iterations', loop.iterations], ['time-budget', loop.timeBudgetS]] as const).filter(([, v]) => v !== undefined).map(([k]) => k as string);
  if (loop.warmupMs > 0) ignored.push('warmup-ms');
  return ignored.length === 0 ? [] : [`--${ignored.join(', --')} ${ignored.length === 1 ? 'is' : 'are'} for the plain loop; a scenario runs until its minima (--min-duration, --min-queries) and warms up with --scenario-warmup`];
}

export async function runScenarioPerformance<B, PF extends FlagSpecs>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  workload: Workload<B, any, any, any, PF, any>,
  flags: ParsedFlags<PerformanceFlagSpecs & PF>,
  o: PerformanceOptions,
  settings: ScenarioSettings,
  registry: BackendRegistry,
  startedAt: Date,
  deps: ScenarioDeps = {},
): Promise<number> {
  if (o.profiling) {
    throw new BenchError('USAGE', '--profiling profiles one session in this process; a scenario runs its instances elsewhere', { hint: 'drop --profiling, or drop --scenario to profile the plain loop' });
  }
  const mlperfLogDir = mlperfLogDirOf(o.mlperfLogDir, o.jsonPath);
  checkWritable(o.jsonPath, mlperfLogDir ? join(mlperfLogDir, 'mlperf_log_summary.txt') : undefined, o.markdownPath);
  const tasksetPath = settings.pin ? probePinningHost().tasksetPath : undefined;
  // the set-up every mode shares (run-setup.ts): plan, resolve, open, bind
  const setup = await setUpRun(workload, o.run, registry, { mode: 'performance', quiet: o.quiet });
  const { precision, backend, progress, model } = setup;
  const warnings: string[] = ignoredFlagWarnings(o.loop);
  // --instances auto: a saved tune result for this machine and model replaces the cores rule (tune/auto.ts)
  const tuned = tunedChoice({ instances: o.scenario.instances, threads: o.run.session.threads, batch: o.batch, cacheDir: o.run.model.cacheDir }, { workload: workload.id, modelSha256: model.info.sha256, backend: backend.id, precision, scenario: settings.scenario });
  if (tuned) settings = scenarioSettingsOf(o, workload.id, tuned)!;
  const opened = await openBound<B>(setup, workload, precision);
  const { loaded, backendInfo, bound } = opened;
  const adapterName = opened.adapter.name;
  let prepared;
  try {
    warnings.push(...loaded.warnings);
    prepared = await workload.performance.prepare({ options: ownOptionsOf(flags, workload.performance.flags), modelOptions: o.run.model, batch: settings.batch, seed: o.seed, bound, signature: loaded, model });
  } finally {
    // the instances open their own sessions; this one only told the workload the model's signature
    await loaded.dispose();
  }
  warnings.push(...(prepared.warnings ?? []));
  // the session's 'bf16 emulated: …' line and the harness's consequence, said once (bf16-warning.ts)
  warnings.splice(0, warnings.length, ...gatherBf16Warnings(warnings, backendInfo.precision === 'bf16' && backendInfo.execution === 'emulated'));
  const sequential = prepared.batchMode === 'sequential' || prepared.callsPerIteration > 1;
  if (!sequential && prepared.samplesPerCall < settings.batch) {
    throw new BenchError('MODEL_SIGNATURE', `${workload.id} prepared calls of ${prepared.samplesPerCall} samples, the scenario needs ${settings.batch}`, { hint: `use --batch ${prepared.samplesPerCall}` });
  }
  const feeds = prepared.feedsFor(0, 0);
  checkScenarioInstances(settings, model.info.sizeBytes, feeds); // too many threads or too little memory: refused before any instance starts
  const macs = macsForRun(model, Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, t.dims])), prepared.samplesPerCall);
  if (macs.macsPerSample === null && macs.reason) warnings.push(`no GFLOP/s: ${macs.reason}`);

  // the performance sample set, loaded before timing (LoadSamplesToRam): queries draw their indices from it
  progress.phase('loading the performance sample set');
  const { store, info: sampleSet } = loadSampleStore(scenarioSamples(prepared, sequential, settings.performanceSampleCountOverride));
  warnings.push(...sampleSetWarnings(sampleSet));
  const run = { ...settings, sampleCount: sampleSet.loadedSampleCount };
  progress.done();
  // said before the run, not only in its closing lines: minima under which it cannot come out VALID
  for (const w of settings.warnings.filter((x) => x.startsWith('this run cannot be VALID'))) process.stderr.write(`warning: ${w}\n`);
  const tracked = new TrackedExecutors((deps.makeFactory ?? realExecutorFactory)(instanceConfig({ spec: opened.spec, precision, store, sequential, tasksetPath })));
  const result: ScenarioResult = await withInterruptGuard(
    () => runScenario(run, tracked.factory, { ...(o.quiet ? {} : { log: (line: string) => void process.stdout.write(line + '\n') }), ...deps.runOptions }),
    { ...deps.interrupt, cleanUp: () => tracked.endAll() },
  );

  const target = scenarioTarget(result);
  const record: RunRecord = {
    ...buildRecord({
      mode: 'performance',
      workload: workload.id,
      startedAt,
      model: { ...model.info, macsPerSample: macs.macsPerSample, adapter: adapterName },
      backend: { ...backendInfo, sessionOptions: tracked.sessionOptions() ?? backendInfo.sessionOptions },
      config: scenarioConfig(result, {
        batchMode: sequential ? 'sequential' : 'tensor',
        interOpThreads: o.run.session.interOpThreads ?? null,
        input: prepared.input,
        extra: { ...model.details, ...(prepared.extra ?? {}), target: target.what },
      }),
      samplesMs: scenarioSamplesMs(result),
      calibratedPeakGflopsPerSecond: null,
      timers: prepared.timers ?? {},
      profile: null,
      warnings: [...warnings, ...result.warnings.filter((w) => !warnings.includes(w))],
    }),
    scenario: { ...result, sampleSet } as unknown as NonNullable<RunRecord['scenario']>,
  };

  const lines = scenarioLines(result);
  const out = [targetLine(workload.id, target.seconds)];
  if (!o.quiet) {
    const b = record.backend!;
    out.push('', `${workload.id} performance --scenario ${result.scenario}: model ${model.info.id} (${model.info.source}), backend ${b.id} (${b.runtime} ${b.runtimeVersion}), ${b.precision} (${b.execution}); [TARGET] is ${target.what}`);
    out.push(...lines, ...warnings.filter((w) => !result.warnings.includes(w)).map((w) => `  warning: ${w}`));
  }
  if (mlperfLogDir) {
    writeMlperfPerformanceLogs(mlperfLogDir, result, { sutName: `${workload.id} ${model.info.id} ${record.backend!.id} ${precision}`, qslName: workload.id, startedAt, totalSampleCount: result.settings.sampleCount, qslPerformanceSampleCount: sampleSet.qslPerformanceSampleCount });
    if (!o.quiet) out.push(`  MLPerf's log files: ${mlperfLogDir}/mlperf_log_summary.txt, mlperf_log_detail.txt, mlperf_log_accuracy.json`);
  }
  process.stdout.write(out.join('\n') + '\n');
  if (o.jsonPath) writeJsonRecords(o.jsonPath, record);
  if (o.markdownPath) writeFileAtomic(o.markdownPath, `${renderMarkdownReport(record)}\n\n## Scenario\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`);
  return 0;
}
