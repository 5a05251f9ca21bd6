/**
 * SSD `validate`: detects on real photos (the COCO demo photo and the project's sample photos, or --images) in fp32
 * and in the requested precision (--bf16: native where possible, emulated otherwise), draws the detections above
 * --score-threshold with COCO class names into PNGs, prints both side by side with the agreement (matched by class and
 * IoU ≥ --match-iou: precision and recall of the candidate against fp32, mean IoU, max |Δscore|) and a verdict.
 * Exit 0 within the thresholds, 1 outside, 2 on bad input.
 */
import { join } from 'node:path';
import { BenchError, assertWritable, parseCommandLine, writeFileAtomic, writeJsonRecords, type FlagSpecs } from '@modelbench/core';
import { backendFlags, validateRecords, modelFlags, openSession, recoverNxArgs, resolveModel, selectAdapter, type OpenedSession } from '@modelbench/harness';
import { COCO_DEMO_PHOTO, SAMPLE_PHOTOS_DIR, listImageInputs, type Detection, type LoadedImage } from '@modelbench/vision';
import type { DetectorAdapter } from './adapters.ts';
import { ssdAdapters } from './adapters.ts';
import { agreementTotals, decideVerdict, imageAgreement, type ImageAgreement } from './agreement.ts';
import { loadPhoto, photoInput } from './inputs.ts';
import { ssdSyntheticOptions } from './synthetic.ts';
import { drawImage, ensureOutDir } from './validate-draw.ts';
import { detectionTable, imageLine, totalsLines, verdictLine } from './validate-report.ts';

export const ssdValidateFlags = {
  ...modelFlags,
  ...backendFlags,
  images: { kind: 'strings', value: 'FILE|DIR', description: 'photos or folders of photos (default: the COCO demo photo and the sample photos); repeat the flag or list them after it' },
  'score-threshold': { kind: 'number', default: 0.5, description: 'detections drawn and compared score above this (the original drew above 0.95)' },
  'match-iou': { kind: 'number', default: 0.5, description: 'a candidate detection matches an fp32 one of the same class with at least this IoU' },
  'min-precision': { kind: 'number', default: 0.9, description: 'least accepted precision of the candidate against fp32' },
  'min-recall': { kind: 'number', default: 0.9, description: 'least accepted recall of the candidate against fp32' },
  'min-mean-iou': { kind: 'number', default: 0.9, description: 'least accepted mean IoU of matched detections' },
  'max-score-diff': { kind: 'number', default: 0.05, description: 'largest accepted |Δscore| of a matched detection' },
  rows: { kind: 'positiveInt', default: 12, description: 'detection rows printed per photo' },
  candidates: { kind: 'int', default: 1000, description: 'synthetic model: boxes that pass the 0.01 score threshold (calibrated weights)' },
  'out-dir': { kind: 'string', value: 'DIR', default: 'out/validate/ssd', description: 'where the PNGs and detections.json are written' },
  json: { kind: 'string', value: 'FILE', description: 'write the run records as JSON' },
} as const satisfies FlagSpecs;

function unitInterval(name: string, v: number): number {
  if (!(v >= 0 && v <= 1)) throw new BenchError('USAGE', `--${name} must be between 0 and 1, got ${v}`);
  return v;
}

async function detect(s: OpenedSession, adapter: DetectorAdapter, photo: LoadedImage): Promise<Detection[]> {
  const input = photoInput(photo, adapter);
  const out = await s.loaded.run(adapter.feeds(s.loaded, input.data, input.dims), adapter.outputNames(s.loaded));
  return adapter.detections(s.loaded, out, input.width, input.height);
}

export async function validate(argv: string[]): Promise<number> {
  const startedAt = new Date();
  const { flags: f, positionals } = parseCommandLine(recoverNxArgs(argv), ssdValidateFlags, 'ssd validate');
  if (positionals.length && !f.images) throw new BenchError('USAGE', `ssd validate: unexpected argument '${positionals[0]}'`, { hint: 'photos go after --images' });
  if (f.json) assertWritable(f.json);
  const scoreThreshold = unitInterval('score-threshold', f['score-threshold']);
  const matchIou = unitInterval('match-iou', f['match-iou']);
  const paths = f.images ? listImageInputs([...f.images, ...positionals]) : [COCO_DEMO_PHOTO, ...listImageInputs([SAMPLE_PHOTOS_DIR])];
  const photos: LoadedImage[] = [];
  for (const p of paths) photos.push(await loadPhoto(p));
  ensureOutDir(f['out-dir']);
  const candidatePrecision = f.bf16 ? 'bf16' : 'fp32';
  const candidateLabel = f.bf16 ? 'bf16' : 'fp32-repeat';

  const model = await resolveModel('ssd', f, ssdSyntheticOptions(f.candidates));
  const fp32 = await openSession(model, f, 'fp32');
  let cand: OpenedSession | undefined;
  try {
    cand = await openSession(model, f, candidatePrecision);
    const adapter = selectAdapter(ssdAdapters, fp32.loaded, f.adapter);
    const exec = cand.backendInfo.precision === 'bf16' ? `bf16 ${cand.backendInfo.execution}` : 'fp32 (a second session: determinism check)';
    const out: string[] = [
      `ssd validate: model ${model.info.id} (${model.synthetic ? 'SYNTHETIC seeded weights: the classes mean nothing, the agreement still does' : 'real weights'}), adapter ${adapter.name}, backend ${fp32.backendInfo.id}, fp32 vs ${exec}`,
      `detections with score > ${scoreThreshold} are drawn and compared; matched by class and IoU ≥ ${matchIou}`,
    ];
    const items: ImageAgreement[] = [];
    const perImage: { image: string; width: number; height: number; fp32: Detection[]; candidate: Detection[] }[] = [];
    const written: string[] = [];
    for (const [i, photo] of photos.entries()) {
      const refAll = await detect(fp32, adapter, photo);
      const candAll = await detect(cand, adapter, photo);
      const ref = refAll.filter((d) => d.score > scoreThreshold);
      const got = candAll.filter((d) => d.score > scoreThreshold);
      const a = imageAgreement(photo.name, ref, got, matchIou);
      items.push(a);
      perImage.push({ image: photo.path, width: photo.image.width, height: photo.image.height, fp32: refAll, candidate: candAll });
      out.push('', imageLine(a, photo.image.width, photo.image.height, candidateLabel, scoreThreshold), ...photo.notices.map((n) => `  note: ${n}`));
      out.push(`  (all detections: fp32 ${refAll.length}, ${candidateLabel} ${candAll.length})`);
      if (ref.length || got.length) out.push(detectionTable(a, ref, got, candidateLabel, f.rows));
      written.push(...(await drawImage(f['out-dir'], photo, ref, got, candidateLabel, i === 0)));
    }
    const totals = agreementTotals(items);
    const verdict = decideVerdict(totals, { minPrecision: f['min-precision'], minRecall: f['min-recall'], minMeanIou: f['min-mean-iou'], maxScoreDiff: f['max-score-diff'] });
    out.push('', ...totalsLines(totals, candidateLabel), `pictures: ${written.join(', ')}`, verdictLine(verdict));
    process.stdout.write(out.join('\n') + '\n');

    const agreement = { precision: exec, scoreThreshold, matchIou, totals, images: items.map(({ matching: _m, ...rest }) => rest), verdict };
    writeFileAtomic(join(f['out-dir'], 'detections.json'), JSON.stringify({ model: model.info, adapter: adapter.name, precision: exec, agreement, detections: perImage }, null, 2) + '\n');
    if (f.json) {
      const modelInfo = { ...model.info, adapter: adapter.name };
      writeJsonRecords(
        f.json,
        validateRecords({ workload: 'ssd', startedAt, reference: { model: modelInfo, backend: fp32.backendInfo }, candidate: { model: modelInfo, backend: cand.backendInfo }, agreement, warnings: verdict.failures }),
      );
    }
    return verdict.pass ? 0 : 1;
  } finally {
    await fp32.loaded.dispose();
    await cand?.loaded.dispose();
  }
}
