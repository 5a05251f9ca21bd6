/**
 * `validate`, the one flow of every workload: load the samples (bad input fails before any model work), plan fp32 and
 * the candidate's precision once, run both sessions on the same samples through the workload's pure preprocess and
 * postprocess (loadgen's accuracy mode through the SUT over each session, validate-sut.ts), compare with its agreement, print its report and the harness's verdict, write the predictions (and
 * pictures) into a clean --out-dir, and its one run record with --json (validate-records.ts). Exit 0 within the thresholds, 1 outside.
 */
import { join, relative } from 'node:path';
import { BenchError, writeFileAtomic, writeJsonRecords, type FlagSpecs, type OkRecord, type ParsedFlags, type ProfileInfo } from '@modelbench/core';
import { ownOptionsOf, type ValidateFlagSpecs } from '../flags.ts';
import { compareOperatorProfiles, operatorComparisonTable } from '../operator-comparison.ts';
import { stageOutDir } from '../out-dir.ts';
import { collectProfile, profilePrefixFor } from '../profiling.ts';
import { resolveModel, type ResolvedModel } from '../resolve-model.ts';
import { runOptionsOf, type ModelOptions } from '../run-options.ts';
import { threadWarnings, type OpenedSession } from '../session.ts';
import { checkWritable, openComparison, setUpRun } from '../run-setup.ts';
import { validateRecord } from '../validate-records.ts';
import { predictAll } from './validate-sut.ts';
import type { ModeCall } from './mode-call.ts';
import { verdictFailures, verdictLines } from '../verdict.ts';
import type { AgreementResult, Workload } from '../workload.ts';

/** How a model is named in the header: a --model file is a "user model" (its weights may be anything, even random). */
export const modelLine = (m: ResolvedModel): string => `${m.info.id} [${m.info.source === 'file' ? 'user model' : m.info.source} ${m.info.sha256.slice(0, 12)}]`;

/** The agreement as records and predictions files keep it. */
export function agreementForFile<D>(r: AgreementResult<D>, candidate: string, details: unknown): NonNullable<OkRecord['validate']>['agreement'] {
  return { candidate, checks: r.checks, passed: r.passed, ...(r.failures ? { failures: r.failures } : {}), details };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runValidate<B, S, P, D, VF extends FlagSpecs>(call: ModeCall<Workload<B, S, P, D, any, VF>, ParsedFlags<ValidateFlagSpecs & VF>>): Promise<number> {
  const { workload, flags, positionals, registry, startedAt } = call;
  const v = workload.validate;
  const f = flags as ParsedFlags<ValidateFlagSpecs>;
  const id = workload.id;
  checkWritable(f.json);

  // Inputs first: a bad photo or question fails in a second, not after the model has loaded.
  // the set-up's options, once (run-options.ts)
  const run = runOptionsOf(f, workload);
  // the workload's hooks are told its own options only (its flag table's keys), and the model asked for, typed
  const options = ownOptionsOf(flags, v.flags);
  const samples = await v.loadSamples({ options, modelOptions: run.model, positionals });
  if (samples.length === 0) throw new BenchError('BAD_INPUT', `${id} validate: no samples to compare`, { hint: 'pass at least one input' });
  const prefix = (slug: string): string | undefined => (f.profiling ? profilePrefixFor(f['profile-dir'], `${id}-validate`, f.backend, slug) : undefined);

  const sessions: OpenedSession[] = [];
  const stage = stageOutDir(f['out-dir']);
  try {
    // --candidate-model is a model file, resolved as --model is
    const candidateOptions: ModelOptions | undefined = f['candidate-model'] ? { ...run.model, modelPath: f['candidate-model'], catalogueId: undefined } : undefined;
    // the set-up every mode shares (run-setup.ts): plan fp32 and the candidate, resolve, open, bind
    const setup = await setUpRun(workload, run, registry, { mode: 'validate', withReference: true });
    const { precision: candidatePrecision, progress, model } = setup;
    const candidateModel = candidateOptions ? await resolveModel(id, candidateOptions, progress) : model;
    const { label, reference: ref, candidate: cand } = await openComparison<B>(setup, workload, { candidateModel, profilePrefix: prefix, check: (bound) => v.checkModel?.(bound) });
    sessions.push(ref, cand);
    const refSide = ref;
    const candSide = cand;
    progress.phase('fp32 sample', samples.length);
    // each side: loadgen's accuracy mode over the samples, through the SUT over its session (validate-sut.ts)
    const { predictions: reference, sut } = await predictAll({ loaded: ref.loaded, threads: ref.spec.options.threads }, workload.pipeline(refSide.bound), samples, (done) => progress.tick(done));
    progress.phase(`${label.text} sample`, samples.length);
    const { predictions: candidate } = await predictAll({ loaded: cand.loaded, threads: cand.spec.options.threads }, workload.pipeline(candSide.bound), samples, (done) => progress.tick(done));

    const adapterNotes = [...new Set([...(refSide.adapter.notes?.(refSide.bound) ?? []), ...(candSide.adapter.notes?.(candSide.bound) ?? [])])];
    const warnings = [...threadWarnings(run.session), ...adapterNotes, ...ref.loaded.warnings, ...cand.loaded.warnings];
    const skip = samples.length > 1 ? 1 : 0; // the first call warms up
    let profiles: [ProfileInfo | null, ProfileInfo | null] = [null, null];
    if (f.profiling) profiles = [await collectProfile(ref.loaded, skip, warnings), await collectProfile(cand.loaded, skip, warnings)];

    const synthetic = model.synthetic || candidateModel.synthetic;
    const agreement = v.agreement(reference, candidate, { samples, options, modelOptions: run.model, synthetic });
    const ctx = { samples, options, modelOptions: run.model, synthetic, reference, candidate, agreement, candidateLabel: label };

    const out: string[] = [
      `${id} validate: model ${modelLine(model)}${candidateModel !== model ? ` vs candidate ${modelLine(candidateModel)}` : ''}, ` +
        `adapter ${refSide.adapter.name}, backend ${ref.backendInfo.id} (${ref.backendInfo.runtime} ${ref.backendInfo.runtimeVersion}), fp32 vs ${label.text}`,
    ];
    if (synthetic) out.push('note: SYNTHETIC seeded weights — the predictions mean nothing, the agreement still does');
    else if ([model, candidateModel].some((m) => m.info.source === 'file')) out.push('note: user model (--model): its weights are whatever the file holds (they may be random); the agreement holds for this file');
    if (candidatePrecision === 'fp32') out.push('note: no --bf16 — the candidate is a second fp32 session (a run-to-run check); pass --bf16 to compare bf16');
    for (const w of warnings) out.push(`note: ${w}`);
    out.push(...v.report(ctx));
    if (v.draw) progress.phase('drawing pictures');
    const pictures = v.draw ? await v.draw({ ...ctx, outDir: stage.path }) : [];
    if (pictures.length) out.push(`pictures: ${pictures.map((p) => join(f['out-dir'], relative(stage.path, p))).join(', ')}`);
    if (profiles[0] && profiles[1]) {
      out.push('', `operators, fp32 vs ${label.text} (${profiles[0].runs} profiled run(s) each, first call dropped; traces ${profiles[0].tracePath}, ${profiles[1].tracePath}):`);
      out.push(operatorComparisonTable(compareOperatorProfiles(profiles[0], profiles[1]), label.text, f.top));
    }
    out.push('', ...verdictLines(agreement, `fp32 vs ${label.text}`));

    const details = v.recordDetails ? v.recordDetails(agreement.details) : agreement.details;
    const saved = agreementForFile(agreement, label.text, details);
    const file = {
      model: model.info,
      ...(candidateModel !== model ? { candidateModel: candidateModel.info } : {}),
      adapter: refSide.adapter.name,
      candidate: label.text,
      agreement: saved,
      ...v.predictionsJson(ctx),
    };
    writeFileAtomic(join(stage.path, v.predictionsFile), JSON.stringify(file, null, 2) + '\n');
    stage.commit();
    progress.done();
    process.stdout.write(out.join('\n') + '\n');
    if (f.json) {
      writeJsonRecords(
        f.json,
        validateRecord({
          workload: id,
          startedAt,
          compared: `fp32 vs ${label.text}`,
          samples: samples.length,
          // where the SUT that answered ran, as it reports itself (accuracy-sut.ts sutHostOf)
          sut,
          reference: { model: { ...model.info, adapter: refSide.adapter.name }, backend: ref.backendInfo, profile: profiles[0] },
          candidate: { model: { ...candidateModel.info, adapter: candSide.adapter.name }, backend: cand.backendInfo, profile: profiles[1] },
          agreement: saved,
          failures: verdictFailures(agreement),
          warnings,
        }),
      );
    }
    return agreement.passed ? 0 : 1;
  } catch (e) {
    stage.discard();
    throw e;
  } finally {
    for (const s of sessions) await s.loaded.dispose();
  }
}
