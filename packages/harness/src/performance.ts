/**
 * `performance`: resolve the model, open the session, let the workload prepare one timed call, time it, and report
 * the original's TARGET line, a statistics table, an operator table (--profiling) and a JSON record (--json).
 */
import {
  BenchError,
  assertWritable,
  fixed,
  mean,
  parseCommandLine,
  renderHumanReport,
  renderMarkdownReport,
  renderProfileTable,
  targetLine,
  timeLoop,
  writeFileAtomic,
  writeJsonRecords,
  type FlagSpecs,
  type ParsedFlags,
  type RunConfig,
} from '@modelbench/core';
import { calibrateGemm, type LoadedModel } from '@modelbench/backends';
import { selectAdapter, type SignatureAdapter } from './adapters.ts';
import { performanceFlags, type PerformanceFlagSpecs } from './flags.ts';
import { recoverNxArgs } from './nx-args.ts';
import { collectProfile, profilePrefixFor } from './profiling.ts';
import { resolveModel, type ResolvedModel } from './resolve-model.ts';
import { buildRecord } from './run-record.ts';
import { checkSessionFlags, effectiveThreads, openSession } from './session.ts';

export interface PreparedRun {
  batchMode: 'tensor' | 'sequential';
  /** what is fed, for the record: 'random normal, seed 0', 'photo dog.jpg', … */
  input: string;
  runBatch(iteration: number): Promise<void>;
  timers?: Record<string, number>;
  extra?: Record<string, unknown>;
  warnings?: string[];
  /** MACs per sample of what is actually fed (e.g. BERT at the records' real sequence length), when it differs
   * from the model's figure at its default input size */
  macsPerSample?: number;
}

export interface PrepareContext<A, X extends FlagSpecs> {
  flags: ParsedFlags<PerformanceFlagSpecs & X>;
  batch: number;
  seed: number;
  loaded: LoadedModel;
  adapter: A;
  model: ResolvedModel;
}

export interface PerformanceSpec<A extends SignatureAdapter, X extends FlagSpecs> {
  workload: string;
  defaultBatch: number;
  adapters: readonly A[];
  extraFlags: X;
  syntheticOptions?(flags: ParsedFlags<PerformanceFlagSpecs & X>): Record<string, unknown>;
  /** MACs per sample of the reference architecture, for real models of the same architecture */
  referenceMacsPerSample?(model: ResolvedModel, adapter: A): number | null;
  prepare(ctx: PrepareContext<A, X>): Promise<PreparedRun>;
  /** extra lines after the operator table of a profiled run (e.g. time per stage of the graph) */
  profileReport?(ctx: { tracePath: string; skipRuns: number; model: ResolvedModel }): string[];
}

export async function runPerformance<A extends SignatureAdapter, X extends FlagSpecs>(spec: PerformanceSpec<A, X>, argv: string[]): Promise<number> {
  const startedAt = new Date();
  const specs = { ...performanceFlags, ...spec.extraFlags } as PerformanceFlagSpecs & X;
  const { flags, positionals } = parseCommandLine(recoverNxArgs(argv), specs, `${spec.workload} performance`);
  if (positionals.length) {
    throw new BenchError('USAGE', `${spec.workload} performance: unexpected argument '${positionals[0]}'`, { hint: 'flags start with --; see --help' });
  }
  const f = flags as ParsedFlags<PerformanceFlagSpecs>;
  const batch = f.batch ?? f['batch-size'] ?? spec.defaultBatch;
  if (f.json) assertWritable(f.json);
  if (f.markdown) assertWritable(f.markdown);
  const precision = f.bf16 ? 'bf16' : 'fp32';
  const warnings: string[] = [];
  await checkSessionFlags(f, precision);

  const model = await resolveModel(spec.workload, f, spec.syntheticOptions?.(flags) ?? {});
  const profilePrefix = f.profiling ? profilePrefixFor(f['profile-dir'], spec.workload, f.backend, precision) : undefined;
  const { backend, loaded, backendInfo } = await openSession(model, f, precision, profilePrefix);
  warnings.push(...loaded.warnings);
  if (backendInfo.precision === 'bf16' && backendInfo.execution === 'emulated') {
    warnings.push('bf16 is emulated on this machine: the time says nothing about bf16 speed, only fp32 speed with extra casts');
  }
  try {
    const adapter = selectAdapter(spec.adapters, loaded, f.adapter);
    const prepared = await spec.prepare({ flags, batch, seed: f.seed, loaded, adapter, model });
    const macs = prepared.macsPerSample ?? model.info.macsPerSample ?? spec.referenceMacsPerSample?.(model, adapter) ?? null;
    warnings.push(...(prepared.warnings ?? []));

    const timing = await timeLoop(
      {
        warmupIterations: f.warmup,
        warmupMs: f['warmup-ms'],
        iterations: f.iterations ?? (f['time-budget'] === undefined ? 10 : undefined),
        timeBudgetMs: f['time-budget'] !== undefined ? f['time-budget'] * 1000 : undefined,
        minIterations: 1,
      },
      (i) => prepared.runBatch(i),
    );
    const timers: Record<string, number> = { ...(prepared.timers ?? {}) };
    // A sequential batch is `batch` model calls, so the profile holds that many runs per warm-up iteration.
    const calls = prepared.batchMode === 'sequential' ? batch : 1;
    const skipRuns = timing.warmupSamplesMs.length * calls;
    const profile = f.profiling ? await collectProfile(loaded, skipRuns, warnings) : null;
    if (profile?.modelRunMeanMs != null) {
      // mean against mean: onnxruntime reports the mean of its model_run events for the same (non-warm-up) calls
      timers['harness overhead per call (wall - model_run)'] = mean(timing.samplesMs) / calls - profile.modelRunMeanMs;
    }
    let peak: number | null = null;
    if (!f['no-calibration'] && backend.id !== 'null') {
      peak = (await calibrateGemm(backend, { threads: effectiveThreads(f) })).gflopsPerSecond;
    }
    const config: RunConfig = {
      batch,
      batchMode: prepared.batchMode,
      warmupIterations: timing.warmupSamplesMs.length,
      warmupMs: f['warmup-ms'],
      iterations: timing.samplesMs.length,
      timeBudgetSeconds: f['time-budget'] ?? null,
      threads: effectiveThreads(f),
      interOpThreads: f['inter-op-threads'] ?? null,
      input: prepared.input,
      extra: { ...model.details, ...(prepared.extra ?? {}) },
    };
    const record = buildRecord({
      mode: 'performance',
      workload: spec.workload,
      startedAt,
      model: { ...model.info, macsPerSample: macs, adapter: adapter.name },
      backend: backendInfo,
      config,
      samplesMs: timing.samplesMs,
      calibratedPeakGflopsPerSecond: peak,
      timers,
      profile,
      warnings,
    });
    const minSeconds = Math.min(...timing.samplesMs) / 1000;
    const out: string[] = [targetLine(spec.workload, minSeconds)];
    if (!f.quiet) {
      out.push('', renderHumanReport(record));
      if (profile) {
        out.push('', `operators (top ${f.top} of ${profile.operators.length}, ${profile.runs} profiled runs, warm-up dropped; trace ${profile.tracePath}):`);
        out.push(renderProfileTable(profile.operators, f.top));
        if (profile.modelRunMeanMs !== null) out.push(`onnxruntime model_run mean ${fixed(profile.modelRunMeanMs, 3)} ms`);
        const extraLines = spec.profileReport?.({ tracePath: profile.tracePath, skipRuns, model }) ?? [];
        if (extraLines.length) out.push('', ...extraLines);
      }
    }
    process.stdout.write(out.join('\n') + '\n');
    if (f.json) writeJsonRecords(f.json, record);
    if (f.markdown) writeFileAtomic(f.markdown, renderMarkdownReport(record) + '\n');
    return 0;
  } finally {
    await loaded.dispose();
  }
}
