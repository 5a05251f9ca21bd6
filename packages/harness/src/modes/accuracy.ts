/**
 * `accuracy`: a data set through fp32 and the candidate precision (bf16 with --bf16, else a second fp32 session) on
 * the same samples, scored as MLPerf scores it — inference writes predictions (resumable JSONL, then the task's
 * standard files) and a manifest per precision under --out-dir, and the metrics are recomputed from those files and
 * the ground truth alone by the same code as the `score` step. Prints both precisions side by side, the verdict of
 * the 99 % rule (--threshold, --high-accuracy) and the samples whose prediction changed (saved to changes.json).
 * Bad input (data set, flags, labels the model cannot produce) fails before anything is written. Exit 0 PASS, 1 FAIL.
 * Every model call goes through the system under test the scenarios run (accuracy-sut.ts: loadgen's accuracy mode,
 * every sample once, responses back by index); pre- and post-processing run here.
 */
import { basename, join } from 'node:path';
import { BenchError, writeFileAtomic, writeJsonRecords, type FlagSpecs, type ParsedFlags } from '@modelbench/core';
import { accuracyFraction, formatScoreReport, overallVerdict, scoreRuns, selectSubset } from '@modelbench/accuracy';
import type { ModelSignature } from '../adapters.ts';
import type { OpenedSession } from '../session.ts';
import { checkWritable, openComparison, setUpRun } from '../run-setup.ts';
import { runOptionsOf } from '../run-options.ts';
import { ownOptionsOf } from '../flags.ts';
import type { ModeCall } from './mode-call.ts';
import type { Workload } from '../workload.ts';
import type { AccuracyFlagSpecs } from './accuracy-flags.ts';
import { finishSide, openSide } from './accuracy-side.ts';
import { manifestFor, predictSides, samplesToPredict, type Side } from './accuracy-predict.ts';
import { guardAccuracyInterrupt } from './accuracy-interrupt.ts';
import { writeAccuracyLogFiles } from '../mlperf-accuracy-files.ts';
import { accuracyRecord } from '../accuracy-record.ts';
import { accuracySutFactory, openAccuracySut, type AccuracySut } from './accuracy-sut.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runAccuracy<B, AF extends FlagSpecs>(call: ModeCall<Workload<B, any, any, any, any, any>, ParsedFlags<AccuracyFlagSpecs & AF>>): Promise<number> {
  const { workload, flags, positionals, registry, startedAt } = call;
  const acc = workload.accuracy;
  const id = workload.id;
  if (!acc) throw new BenchError('USAGE', `${id} has no accuracy mode yet`, { hint: 'run `validate` to compare fp32 and bf16 on a few inputs' });
  const f = flags as ParsedFlags<AccuracyFlagSpecs>;
  checkWritable(f.json);
  const fraction = accuracyFraction(f.threshold, f['high-accuracy'] === true);

  const runOptions = runOptionsOf(f, workload);
  // what the workload's hooks are told: its own options (its flag table's keys), the data set, the model asked for
  const accOptions = { options: ownOptionsOf(flags, acc.flags), dataset: f.dataset, modelOptions: runOptions.model };
  // The data set first: a missing folder or a labels file naming missing images fails in a second, writing nothing.
  const dataset = await acc.loadDataset({ ...accOptions, positionals });
  const subset = selectSubset(dataset.count, { offset: f.offset, limit: f.limit ?? null });
  // the set-up every mode shares (run-setup.ts): plan fp32 and the candidate, resolve, open, bind
  const setup = await setUpRun(workload, runOptions, registry, { mode: 'accuracy', withReference: true, quiet: f.quiet });
  const { precision: candidatePrecision, progress, model } = setup;
  const opened: OpenedSession[] = [];
  const suts: AccuracySut[] = [];
  let releaseGuard = (): void => undefined;
  try {
    const { label, reference: ref, candidate: cand } = await openComparison<B>(setup, workload, { check: (bound, s) => acc.checkModel?.(dataset, bound, s.loaded as ModelSignature) });
    opened.push(ref, cand);
    // each side runs the workload's one pipeline, bound to its own session's signature (as validate's sides)
    const refBinding = { adapter: ref.adapter, bound: ref.bound, pipeline: workload.pipeline(ref.bound) };
    const candBinding = { adapter: cand.adapter, bound: cand.bound, pipeline: workload.pipeline(cand.bound) };
    // the in-process sessions served the binding and the model checks; they are freed before each side's SUT opens
    // its own (its session's spec re-opened inside a worker instance, as the scenarios run it), so no more than two
    // sessions are held at once
    for (const s of opened.splice(0)) await s.loaded.dispose();
    const opening = [openAccuracySut(ref.spec, 'fp32', accuracySutFactory(ref.spec.backendId, registry)), openAccuracySut(cand.spec, candidatePrecision, accuracySutFactory(cand.spec.backendId, registry))];
    const settled = await Promise.allSettled(opening);
    for (const r of settled) if (r.status === 'fulfilled') suts.push(r.value);
    const failedOpen = settled.find((r) => r.status === 'rejected');
    if (failedOpen) throw (failedOpen as PromiseRejectedResult).reason;
    const [refSut, candSut] = suts as [AccuracySut, AccuracySut];

    // Everything is checked; from here on the folders are written (and resumable).
    const subsetSpec = { offset: subset.offset, limit: subset.limit, count: subset.count };
    const manifestFlags = { ...acc.manifestFlags(accOptions), adapter: refBinding.adapter.name, 'graph-optimization': f['graph-optimization'] };
    const sides: Side<B>[] = [
      { label: 'fp32', session: ref, ...refBinding, sut: refSut, folder: openSide(join(f['out-dir'], 'fp32'), manifestFor(id, acc, model, ref, dataset, subsetSpec, manifestFlags), f.fresh === true, acc.mlperf !== undefined) },
      { label: label.text, session: cand, ...candBinding, sut: candSut, folder: openSide(join(f['out-dir'], label.slug), manifestFor(id, acc, model, cand, dataset, subsetSpec, manifestFlags), f.fresh === true, acc.mlperf !== undefined) },
    ];
    const notes = sides.flatMap((s) => (s.folder.restartNote ? [s.folder.restartNote] : []));
    const keys: string[] = [];
    for (let i = subset.start; i < subset.end; i++) keys.push(dataset.keyAt(i));
    const todo = samplesToPredict(sides as Side<unknown>[], keys, subset.start);
    const resumed = keys.length - todo.length;

    progress.phase(resumed > 0 ? `sample (${resumed} done by an earlier run)` : 'sample', todo.length);
    let done = 0;
    // Ctrl-C / SIGTERM from here: one line saying what is kept and how to resume, exit 130 / 143 (accuracy-interrupt.ts)
    releaseGuard = guardAccuracyInterrupt(() => ({ kept: resumed + done, total: keys.length, outDir: f['out-dir'], sides: sides.map((s) => basename(s.folder.dir)) }));
    // a chunk at a time: loaded here, each side's model calls through its SUT, recorded in data set order (accuracy-predict.ts)
    await predictSides(id, acc, dataset, sides, todo, (n) => {
      done = n;
      progress.tick(done);
    });
    releaseGuard();
    progress.phase('scoring');

    for (const s of sides) finishSide(s.folder, keys);
    const mlperfLogs: string[] = [];
    if (acc.mlperf) {
      const indexed = keys.map((key, j) => ({ key, index: subset.start + j }));
      for (const s of sides) {
        const warnings = [...s.session.loaded.warnings];
        const skipped = writeAccuracyLogFiles(s.folder.dir, acc.mlperf.indexing, indexed, s.folder.responses!.records, {
          startedAt, sutName: `${id} ${model.info.id} ${s.session.backendInfo.id} ${s.label}`, qslName: dataset.identity.path, totalSampleCount: dataset.count, runSampleCount: keys.length, warnings,
        });
        mlperfLogs.push(join(s.folder.dir, 'mlperf_log_accuracy.json') + (skipped > 0 ? ` (${skipped} responses not in the reference's layout left out)` : ''));
      }
    }
    const report = scoreRuns({ candidate: sides[1]!.folder.dir, reference: sides[0]!.folder.dir, fraction });
    const changesFile = report.changes ? join(sides[1]!.folder.dir, 'changes.json') : null;
    if (report.changes && changesFile) writeFileAtomic(changesFile, JSON.stringify(report.changes, null, 2) + '\n');
    const passed = report.verdicts.every((v) => v.pass);
    const verdict = `${id} accuracy: ${overallVerdict(report.verdicts) ?? (passed ? 'PASS' : 'FAIL')} — ${report.verdicts.map((v) => `${v.metric} ${label.text} ${v.candidate.toFixed(3)} vs fp32 ${v.reference.toFixed(3)} (needs ${(100 * v.fraction).toFixed(1)} %)`).join('; ')}`;
    if (f.json) {
      // one RunRecord, its scores and verdict in the `accuracy` section (accuracy-record.ts)
      const record = accuracyRecord({
        workload: id, startedAt, model: model.info, synthetic: model.synthetic, adapter: refBinding.adapter.name, candidateLabel: label.text,
        backends: { reference: ref.backendInfo, candidate: cand.backendInfo }, resumed, outDir: f['out-dir'], sut: refSut.host, report, changesFile,
        warnings: [...notes, ...ref.loaded.warnings, ...cand.loaded.warnings],
      });
      writeJsonRecords(f.json, record);
    }
    progress.done();
    if (f.quiet) {
      process.stdout.write(verdict + '\n');
      return passed ? 0 : 1;
    }
    const out = [
      `${id} accuracy: model ${model.info.id} [${model.info.source} ${model.info.sha256.slice(0, 12)}], adapter ${refBinding.adapter.name}, ` +
        `backend ${ref.backendInfo.id} (${ref.backendInfo.runtime} ${ref.backendInfo.runtimeVersion}), fp32 vs ${label.text}`,
      ...(dataset.describe?.() ?? []),
      `samples: ${subset.start}..${subset.end - 1} of ${dataset.count}${resumed > 0 ? ` (${resumed} done by an earlier run, reused)` : ''}`,
    ];
    if (model.synthetic) out.push('note: SYNTHETIC seeded weights — the accuracy figures mean nothing; only fp32 against the candidate does (pass --model-id for trained weights, or --model for a model of your own)');
    if (candidatePrecision === 'fp32') out.push('note: no --bf16 — the candidate is a second fp32 session (a run-to-run check); pass --bf16 to compare bf16');
    for (const n of notes) out.push(`note: ${n}`);
    for (const w of [...ref.loaded.warnings, ...cand.loaded.warnings]) out.push(`note: ${w}`);
    out.push('', ...formatScoreReport(report, { maxChanges: f['max-changes'], changesFile }));
    out.push('', `predictions and manifests: ${sides.map((s) => s.folder.dir).join(', ')}`);
    out.push(`rescore from the files alone: npx nx run accuracy:score ${sides[1]!.folder.dir} --reference ${sides[0]!.folder.dir}`);
    if (acc.mlperf) out.push(`MLPerf's accuracy logs: ${mlperfLogs.join(', ')}; check with MLPerf's script (mlcommons/inference): ${acc.mlperf.checkCommand.replace('{log}', join(sides[1]!.folder.dir, 'mlperf_log_accuracy.json'))}`);
    out.push('', verdict);
    process.stdout.write(out.join('\n') + '\n');
    return passed ? 0 : 1;
  } finally {
    releaseGuard();
    await Promise.allSettled(suts.map((s) => s.dispose()));
    for (const s of opened) await s.loaded.dispose();
  }
}
