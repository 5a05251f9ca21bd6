/**
 * `performance`: resolve the model, plan the precision and open the session, let the workload prepare the per-call
 * feeds, time the iterations (each call timed too), and report the original's TARGET line, a statistics table, an
 * operator table (--profiling) and a JSON record (--json).
 */
import {
  fixed,
  buildRecord,
  mean,
  renderHumanReport,
  renderMarkdownReport,
  renderProfileTable,
  targetLine,
  writeFileAtomic,
  writeJsonRecords,
  type FlagSpecs,
  type ParsedFlags,
  monotonicMs,
  timeLoop,
  type RunConfig,
  type RunRecord,
} from '@modelbench/core';
import { availableParallelism } from 'node:os';
import { openGemmYardstick, type Feeds, type GemmYardstick } from '@modelbench/backends';
import { compareLoad, snapshotLoad } from '@modelbench/loadgen';
import { ownOptionsOf, performanceFlags, type PerformanceFlagSpecs } from '../flags.ts';
import { allocationError, assertBatchFits, batchInputBytes, feedsBytes } from '../feed-memory.ts';
import { macsForRun } from '../macs.ts';
import { collectProfile, profilePrefixFor } from '../profiling.ts';
import { loopFlags, plainLoopPlan, QUICK } from '../loop-budget.ts';
import { loopInfo, efficiencyRange } from '../loop-record.ts';
import { plainLoopBounds, timingObserver } from '../run-progress.ts';
import { effectiveThreads, threadWarnings } from '../session.ts';
import { checkWritable, openBound, refuseArguments, setUpRun } from '../run-setup.ts';
import type { PreparedPerformance, Workload } from '../workload.ts';
import { runScenarioPerformance, scenarioSettingsOf, type ScenarioDeps } from './scenario.ts';
import { performanceOptionsOf } from './performance-options.ts';
import type { ModeCall } from './mode-call.ts';
import { timePlainLoop } from './scenario-plain-rme.ts';
import { withInterruptGuard } from './scenario-interrupt.ts';
import { gatherBf16Warnings } from '../bf16-warning.ts';

export function performanceFlagsOf<PF extends FlagSpecs>(extra: PF): PerformanceFlagSpecs & typeof loopFlags & PF {
  return { ...performanceFlags, ...loopFlags, ...extra };
}

/** Dims of each input of one call's feeds (what MACs are counted at). */
export function feedDims(feeds: Feeds): Record<string, readonly number[]> {
  return Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, t.dims]));
}

/** Runs one timed iteration: every call of the prepared batch, each call's wall time appended to `callMs`. */
export async function runIteration(run: (feeds: Feeds, names: readonly string[]) => Promise<Record<string, unknown>>, prepared: PreparedPerformance, iteration: number, callMs: number[] | null): Promise<void> {
  for (let c = 0; c < prepared.callsPerIteration; c++) {
    const feeds = prepared.feedsFor(iteration, c);
    const t0 = performance.now();
    const out = await run(feeds, prepared.outputNames);
    const t1 = performance.now();
    callMs?.push(t1 - t0);
    prepared.onOutputs?.(out as Parameters<NonNullable<PreparedPerformance['onOutputs']>>[0]);
  }
}

/** Runs one warm-up call: the batch's first call (its feeds at this warm-up iteration), untimed per call. */
export async function runWarmupCall(run: (feeds: Feeds, names: readonly string[]) => Promise<Record<string, unknown>>, prepared: PreparedPerformance, iteration: number): Promise<void> {
  const out = await run(prepared.feedsFor(iteration, 0), prepared.outputNames);
  prepared.onOutputs?.(out as Parameters<NonNullable<PreparedPerformance['onOutputs']>>[0]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runPerformance<B, PF extends FlagSpecs>(call: ModeCall<Workload<B, any, any, any, PF, any>, ParsedFlags<PerformanceFlagSpecs & PF>>, scenarioDeps: ScenarioDeps = {}): Promise<number> {
  const { workload, flags, positionals, registry, startedAt } = call;
  const spec = workload.performance;
  refuseArguments(workload.id, 'performance', positionals);
  const f = flags as ParsedFlags<PerformanceFlagSpecs>;
  // the flags as typed options, once (performance-options.ts); only the workload's `prepare` reads its own flags
  const o = performanceOptionsOf(f, workload);
  // a scenario: modes/scenario.ts (every scenario option checked first); undefined: the plain loop below
  const settings = scenarioSettingsOf(o, workload.id);
  if (settings) return runScenarioPerformance(workload, flags, o, settings, registry, startedAt, scenarioDeps);
  const batch = o.batch ?? (o.loop.quick ? QUICK.batch : spec.defaultBatch);
  checkWritable(o.jsonPath, o.markdownPath);
  // the set-up every mode shares (run-setup.ts): plan, resolve, open, bind
  const setup = await setUpRun(workload, o.run, registry, { mode: 'performance', quiet: o.quiet });
  const { precision, backend, progress, model } = setup;
  const { session } = o.run;
  const warnings: string[] = [...threadWarnings(session)];
  const profilePrefix = o.profiling ? profilePrefixFor(o.profileDir, workload.id, session.backendId, precision) : undefined;
  const { loaded, backendInfo, adapter, bound, loadMs: sessionLoadMs } = await openBound<B>(setup, workload, precision, { profilePrefix });
  warnings.push(...loaded.warnings);
  // the session's 'bf16 emulated: …' line and the harness's consequence, said once (bf16-warning.ts)
  warnings.splice(0, warnings.length, ...gatherBf16Warnings(warnings, backendInfo.precision === 'bf16' && backendInfo.execution === 'emulated'));
  try {
    // a batch whose inputs cannot be held is a usage error naming the memory, before (or instead of) the allocation
    const inputBytes = batchInputBytes(loaded.inputs, batch);
    assertBatchFits(batch, inputBytes);
    progress.phase('preparing inputs');
    const prepared = await spec.prepare({ options: ownOptionsOf(flags, spec.flags), modelOptions: o.run.model, batch, seed: o.seed, bound, signature: loaded, model }).catch((e: unknown) => {
      throw allocationError(e, batch, inputBytes);
    });
    warnings.push(...(prepared.warnings ?? []));
    const macs = macsForRun(model, feedDims(prepared.feedsFor(0, 0)), prepared.samplesPerCall);
    if (macs.macsPerSample === null && macs.reason) warnings.push(`no GFLOP/s or efficiency: ${macs.reason}`);

    const timers: Record<string, number> = { ...(prepared.timers ?? {}) };
    const sequential = prepared.callsPerIteration > 1;
    const callMs: number[] = [];
    // the GEMM yardstick in the run's own conditions: open beside the model, measured right before and after the loop
    let yardstick: GemmYardstick | undefined;
    const gemmBefore: number[] = [];
    const gemmAfter: number[] = [];
    if (o.calibration && backend.id !== 'null') {
      progress.phase('calibrating (fp32 GEMM peak, before the loop)');
      yardstick = await openGemmYardstick(backend, { threads: effectiveThreads(session) });
      gemmBefore.push(...(await yardstick.measure(3)));
    }
    // warm-up iterations come numbered below 0 and are one model call each (`--warmup N` is N calls, as its
    // description says): a sequential batch repeats the same call, so a whole warm-up batch (8 calls of Mask R-CNN)
    // warms nothing its first call did not. Timed iterations are whole batches; only they give per-call samples.
    const runOne = (i: number) => (i < 0 ? runWarmupCall((feeds, names) => loaded.run(feeds, names), prepared, i) : runIteration((feeds, names) => loaded.run(feeds, names), prepared, i, sequential ? callMs : null));
    const rmeLoop = o.loop.targetRmePercent !== undefined;
    const loopPlan = plainLoopPlan(workload.id, o.loop);
    const loadBefore = snapshotLoad(performance.now());
    // the plain loop (up to 10 timed batches within the workload's budget, stopped at ±2 % RME; or --iterations /
    // --time-budget; --target-rme: until that precision), Ctrl-C-safe; told of each stage and call outside the timed window
    const timing = await (rmeLoop
      ? timePlainLoop(o.loop, runOne, { warnings, timers }, timingObserver(progress, plainLoopBounds(o.loop)))
      : withInterruptGuard(() => timeLoop(loopPlan, runOne, monotonicMs, timingObserver(progress, loopPlan)))
    ).catch((e: unknown) => {
      throw allocationError(e, batch, feedsBytes(prepared.feedsFor(0, 0)));
    });
    const machineLoad = compareLoad(loadBefore, snapshotLoad(performance.now()), availableParallelism());
    warnings.push(...machineLoad.warnings);
    if (yardstick) {
      progress.phase('calibrating (fp32 GEMM peak, after the loop)');
      gemmAfter.push(...(await yardstick.measure(3)));
      await yardstick.dispose();
    }
    // each warm-up iteration was one model call (runWarmupCall), so the profile holds one run per warm-up sample
    const calls = prepared.callsPerIteration;
    const skipRuns = timing.warmupSamplesMs.length;
    const profile = o.profiling ? await collectProfile(loaded, skipRuns, warnings) : null;
    if (profile?.modelRunMeanMs != null) {
      // mean against mean: onnxruntime reports the mean of its model_run events for the same (non-warm-up) calls
      timers['harness overhead per call (wall - model_run)'] = mean(timing.samplesMs) / calls - profile.modelRunMeanMs;
    }
    // the peak is the fastest GEMM run of either side: the achievable rate, least disturbed by other processes
    const peak = gemmBefore.length + gemmAfter.length > 0 ? Math.max(...gemmBefore, ...gemmAfter) : null;
    const config: RunConfig = {
      batch,
      batchMode: prepared.batchMode,
      warmupIterations: timing.warmupSamplesMs.length, // warm-up calls (each one model call, runWarmupCall)
      warmupMs: o.loop.warmupMs,
      iterations: timing.samplesMs.length,
      timeBudgetSeconds: rmeLoop ? (o.loop.timeBudgetS ?? null) : loopPlan.timeBudgetMs !== undefined ? loopPlan.timeBudgetMs / 1000 : null,
      threads: effectiveThreads(session),
      interOpThreads: session.interOpThreads ?? null,
      input: prepared.input,
      extra: { ...model.details, ...(prepared.extra ?? {}) },
    };
    const record: RunRecord = buildRecord({
      mode: 'performance',
      workload: workload.id,
      startedAt,
      model: { ...model.info, macsPerSample: macs.macsPerSample, adapter: adapter.name },
      backend: backendInfo,
      config,
      samplesMs: timing.samplesMs,
      ...(sequential ? { callSamplesMs: callMs } : {}),
      calibratedPeakGflopsPerSecond: peak,
      timers,
      profile,
      warnings,
    });
    record.loop = loopInfo({ timing, rmeLoop, plan: loopPlan, loop: o.loop, machineLoad, sessionLoadMs, efficiency: efficiencyRange(record.gflopsPerSecond, gemmBefore, gemmAfter) });
    const minSeconds = Math.min(...timing.samplesMs) / 1000;
    const out: string[] = [targetLine(workload.id, minSeconds)];
    if (!o.quiet) {
      out.push('', renderHumanReport(record));
      if (profile) {
        out.push('', `operators (top ${o.topOperators} of ${profile.operators.length}, ${profile.runs} profiled runs, warm-up dropped; trace ${profile.tracePath}):`);
        out.push(renderProfileTable(profile.operators, o.topOperators));
        if (profile.modelRunMeanMs !== null) out.push(`onnxruntime model_run mean ${fixed(profile.modelRunMeanMs, 3)} ms`);
        const extraLines = spec.profileReport?.({ tracePath: profile.tracePath, skipRuns, model }) ?? [];
        if (extraLines.length) out.push('', ...extraLines);
      }
    }
    progress.done();
    process.stdout.write(out.join('\n') + '\n');
    if (o.jsonPath) writeJsonRecords(o.jsonPath, record);
    if (o.markdownPath) writeFileAtomic(o.markdownPath, renderMarkdownReport(record) + '\n');
    return 0;
  } finally {
    await loaded.dispose();
  }
}
