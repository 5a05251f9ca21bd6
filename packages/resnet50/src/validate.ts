/**
 * ResNet50 `validate`: classifies photos in fp32 and in the requested precision (bf16 with --bf16, native or
 * emulated), prints the top-5 ImageNet classes side by side per image, the agreement (top-1, top-5 overlap, max |Δp|,
 * KL divergence, logits relative error) and a verdict: exit 0 within the thresholds, 1 outside, 2 on bad input.
 */
import { join } from 'node:path';
import { BenchError, assertWritable, parseCommandLine, writeFileAtomic, writeJsonRecords, type ProfileInfo } from '@modelbench/core';
import type { LoadedModel } from '@modelbench/backends';
import {
  validateRecords,
  collectProfile,
  openSession,
  profilePrefixFor,
  recoverNxArgs,
  resolveModel,
  selectAdapter,
  type OpenedSession,
  type ResolvedModel,
} from '@modelbench/harness';
import {
  classificationAgreement,
  IMAGENET_SYNSET_FILE,
  listImageInputs,
  loadImagenetClasses,
  SAMPLE_PHOTOS_DIR,
  summarizeClassificationAgreement,
} from '@modelbench/vision';
import { resnet50Adapters, type ClassifierAdapter } from './adapters.ts';
import { chooseBasis, decideVerdict, type VerdictBasis } from './agreement.ts';
import { topClasses } from './postprocess.ts';
import { imageTensor, loadPhotos, presetByName } from './preprocess.ts';
import { resnet50ValidateFlags } from './validate-flags.ts';
import { agreementLine, agreementTable, compareOperatorProfiles, operatorComparisonTable, sideBySideTopK, verdictLines } from './validate-report.ts';

const BASES = ['auto', 'predictions', 'logits'] as const;

async function classify(loaded: LoadedModel, adapter: ClassifierAdapter, images: readonly Float32Array[]): Promise<Float32Array[]> {
  const inputName = adapter.inputName(loaded);
  const outputName = adapter.outputName(loaded);
  const fixed = adapter.fixedBatch(loaded);
  if (fixed !== null && fixed !== 1) {
    throw new BenchError('MODEL_SIGNATURE', `the model's batch dimension is fixed at ${fixed}; validate feeds one image per call`);
  }
  const out: Float32Array[] = [];
  for (const data of images) {
    const result = await loaded.run({ [inputName]: { type: 'float32', dims: [1, 3, 224, 224], data } }, [outputName]);
    const logits = result[outputName]?.data;
    if (!(logits instanceof Float32Array) || logits.length !== 1000) {
      throw new BenchError('MODEL_SIGNATURE', `output '${outputName}' is not 1000 float32 logits (adapter ${adapter.name})`);
    }
    out.push(new Float32Array(logits));
  }
  return out;
}

export async function validate(argv: string[]): Promise<number> {
  const startedAt = new Date();
  const { flags: f, positionals } = parseCommandLine(recoverNxArgs(argv), resnet50ValidateFlags, 'resnet50 validate');
  if (positionals.length && !f.images) {
    throw new BenchError('USAGE', `resnet50 validate: unexpected argument '${positionals[0]}'`, { hint: 'photos go after --images' });
  }
  if (!(BASES as readonly string[]).includes(f.basis)) throw new BenchError('USAGE', `--basis must be one of ${BASES.join(', ')}, got '${f.basis}'`);
  if (f['min-top1-agreement'] < 0 || f['min-top1-agreement'] > 1) throw new BenchError('USAGE', '--min-top1-agreement must be a fraction in [0,1]');
  if (f['min-top5-overlap'] < 0 || f['min-top5-overlap'] > 5) throw new BenchError('USAGE', '--min-top5-overlap must be between 0 and 5');
  const preset = presetByName(f.preprocess);
  const predictionsPath = join(f['out-dir'], 'predictions.json');
  assertWritable(predictionsPath);
  if (f.json) assertWritable(f.json);

  // Inputs first: a bad photo fails in a second, not after the model has loaded.
  const paths = listImageInputs(f.images ? [...f.images, ...positionals] : [SAMPLE_PHOTOS_DIR]);
  const photos = await loadPhotos(paths);
  const tensors = photos.map((p) => imageTensor(p.image, preset));
  const classes = loadImagenetClasses(IMAGENET_SYNSET_FILE);

  const candidatePrecision = f.bf16 ? 'bf16' : 'fp32';
  const model = await resolveModel('resnet50', f);
  const candidateModel: ResolvedModel = f['candidate-model'] ? await resolveModel('resnet50', { ...f, model: f['candidate-model'], 'model-id': undefined }) : model;
  const prefix = (p: string): string | undefined => (f.profiling ? profilePrefixFor(f['profile-dir'], 'resnet50-validate', f.backend, p) : undefined);
  const sessions: OpenedSession[] = [];
  try {
    const ref = await openSession(model, f, 'fp32', prefix('fp32'));
    sessions.push(ref);
    const cand = await openSession(candidateModel, f, candidatePrecision, prefix(candidatePrecision));
    sessions.push(cand);
    const refAdapter = selectAdapter(resnet50Adapters, ref.loaded, f.adapter);
    const candAdapter = selectAdapter(resnet50Adapters, cand.loaded, f.adapter);
    const refLogits = await classify(ref.loaded, refAdapter, tensors);
    const candLogits = await classify(cand.loaded, candAdapter, tensors);

    const warnings = [...ref.loaded.warnings, ...cand.loaded.warnings];
    const skip = tensors.length > 1 ? 1 : 0; // the first call warms up
    let profiles: [ProfileInfo | null, ProfileInfo | null] = [null, null];
    if (f.profiling) profiles = [await collectProfile(ref.loaded, skip, warnings), await collectProfile(cand.loaded, skip, warnings)];

    const perImage = refLogits.map((r, i) => classificationAgreement(r, candLogits[i] as Float32Array, 5));
    const summary = summarizeClassificationAgreement(perImage);
    const synthetic = model.synthetic || candidateModel.synthetic;
    const basis: VerdictBasis = chooseBasis(f.basis as 'auto' | VerdictBasis, synthetic);
    const verdict = decideVerdict(summary, perImage, {
      minTop1Agreement: f['min-top1-agreement'],
      minTop5Overlap: f['min-top5-overlap'],
      maxLogitsRelError: f['max-logits-rel-error'],
    }, basis);

    const candLabel = candidatePrecision === 'bf16' ? `bf16 ${cand.backendInfo.execution}` : 'fp32 again';
    const modelLine = (m: ResolvedModel): string => `${m.info.id} [${m.info.source} ${m.info.sha256.slice(0, 12)}]`;
    const out: string[] = [
      `resnet50 validate: model ${modelLine(model)}${candidateModel !== model ? ` vs candidate ${modelLine(candidateModel)}` : ''}, ` +
        `adapter ${refAdapter.name}, backend ${ref.backendInfo.id} (${ref.backendInfo.runtime} ${ref.backendInfo.runtimeVersion}), fp32 vs ${candLabel}`,
    ];
    if (synthetic) out.push('note: SYNTHETIC seeded weights — the class names mean nothing, the agreement still does; the verdict uses the logits relative error');
    if (candidatePrecision === 'fp32') out.push('note: no --bf16 — the candidate is a second fp32 session (a run-to-run check); pass --bf16 to compare bf16');
    for (const w of warnings) out.push(`note: ${w}`);
    out.push(`pre-processing: ${preset.id} — ${preset.description}`, `images: ${photos.length}`);
    photos.forEach((p, i) => {
      out.push('', `${p.name}  ${p.image.width}x${p.image.height}${p.notices.length ? `  (${p.notices.join('; ')})` : ''}`);
      out.push(sideBySideTopK(topClasses(refLogits[i]!, classes), topClasses(candLogits[i]!, classes), candLabel));
      out.push(`  ${agreementLine(perImage[i]!)}`);
    });
    out.push('', `agreement of ${candLabel} with fp32 over ${photos.length} image(s):`, agreementTable(photos.map((p) => p.name), perImage));
    if (profiles[0] && profiles[1]) {
      out.push('', `operators, fp32 vs ${candLabel} (${profiles[0].runs} profiled run(s) each, first call dropped; traces ${profiles[0].tracePath}, ${profiles[1].tracePath}):`);
      out.push(operatorComparisonTable(compareOperatorProfiles(profiles[0], profiles[1]), candLabel, f.top));
    }
    out.push('', ...verdictLines(verdict));
    process.stdout.write(out.join('\n') + '\n');

    const agreement = { candidate: candLabel, preprocess: preset.id, basis, summary, perImage: photos.map((p, i) => ({ image: p.name, ...perImage[i]! })), verdict };
    const predictions = photos.map((p, i) => ({
      image: p.name,
      path: p.path,
      notices: p.notices,
      fp32: topClasses(refLogits[i]!, classes),
      candidate: topClasses(candLogits[i]!, classes),
    }));
    writeFileAtomic(predictionsPath, JSON.stringify({ model: model.info, candidateModel: candidateModel.info, precision: candLabel, agreement, predictions }, null, 2) + '\n');
    if (f.json) {
      writeJsonRecords(
        f.json,
        validateRecords({
          workload: 'resnet50',
          startedAt,
          reference: { model: { ...model.info, adapter: refAdapter.name }, backend: ref.backendInfo, profile: profiles[0] ?? null },
          candidate: { model: { ...candidateModel.info, adapter: candAdapter.name }, backend: cand.backendInfo, profile: profiles[1] ?? null },
          agreement,
          warnings: [...warnings, ...verdict.failures],
        }),
      );
    }
    return verdict.pass ? 0 : 1;
  } finally {
    for (const s of sessions) await s.loaded.dispose();
  }
}
