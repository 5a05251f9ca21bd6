/**
 * Mask R-CNN `validate`: segments real photos (the COCO demo photo and the sample detection photos, or --images) in
 * fp32 and in the requested precision (--bf16: native where possible, emulated otherwise); blends the masks
 * (probability > 0.5, weight 0.6 as the original) with boxes and class names into PNGs; prints the agreement
 * (instances matched by class and box IoU ≥ --match-iou, then mean mask IoU of the matches, precision and recall of
 * the candidate against fp32, max |Δscore|) and a verdict. Exit 0 within the thresholds, 1 outside, 2 on bad input.
 */
import { join } from 'node:path';
import { BenchError, assertWritable, parseCommandLine, writeFileAtomic, writeJsonRecords, type FlagSpecs } from '@modelbench/core';
import { backendFlags, modelFlags, openSession, recoverNxArgs, resolveModel, selectAdapter, validateRecords, type OpenedSession } from '@modelbench/harness';
import { COCO_DEMO_PHOTO, SAMPLE_PHOTOS_DIR, listImageInputs, type LoadedImage } from '@modelbench/vision';
import { maskRcnnAdapters, type InstanceAdapter } from './adapters.ts';
import { agreementTotals, decideVerdict, imageAgreement, type ImageAgreement } from './agreement.ts';
import { loadPhoto, photoInput } from './inputs.ts';
import type { Instance } from './instance.ts';
import { maskRcnnSyntheticOptions } from './synthetic.ts';
import { drawPhoto, ensureOutDir } from './validate-draw.ts';
import { imageLine, instanceTable, totalsLines, verdictLine } from './validate-report.ts';

/** The default photos: the COCO demo photo (the original's) and the two sample photos made for detection. */
export const DEFAULT_PHOTOS: readonly string[] = [COCO_DEMO_PHOTO, join(SAMPLE_PHOTOS_DIR, 'dog.jpg'), join(SAMPLE_PHOTOS_DIR, 'person.jpg')];

export const maskRcnnValidateFlags = {
  ...modelFlags,
  ...backendFlags,
  images: { kind: 'strings', value: 'FILE|DIR', description: 'photos or folders of photos (default: the COCO demo photo, dog.jpg and person.jpg)' },
  'score-threshold': { kind: 'number', default: 0.5, description: 'instances drawn and compared score above this' },
  'mask-threshold': { kind: 'number', default: 0.5, description: 'a pixel belongs to an instance when its mask probability is above this' },
  'match-iou': { kind: 'number', default: 0.5, description: 'a candidate instance matches an fp32 one of the same class with at least this box IoU' },
  'min-precision': { kind: 'number', default: 0.9, description: 'least accepted precision of the candidate against fp32' },
  'min-recall': { kind: 'number', default: 0.9, description: 'least accepted recall of the candidate against fp32' },
  'min-mask-iou': { kind: 'number', default: 0.9, description: 'least accepted mean mask IoU of matched instances' },
  'max-score-diff': { kind: 'number', default: 0.05, description: 'largest accepted |Δscore| of a matched instance' },
  detections: { kind: 'positiveInt', description: 'synthetic model: detections per image, exactly (default 20)' },
  rows: { kind: 'positiveInt', default: 10, description: 'instance rows printed per photo' },
  'out-dir': { kind: 'string', value: 'DIR', default: 'out/validate/maskrcnn', description: 'where the PNGs and instances.json are written' },
  json: { kind: 'string', value: 'FILE', description: 'write the run records as JSON' },
} as const satisfies FlagSpecs;

function unitInterval(name: string, v: number): number {
  if (!(v >= 0 && v <= 1)) throw new BenchError('USAGE', `--${name} must be between 0 and 1, got ${v}`);
  return v;
}

async function segment(s: OpenedSession, adapter: InstanceAdapter, photo: LoadedImage, maskThreshold: number): Promise<Instance[]> {
  const input = photoInput(photo, adapter);
  const out = await s.loaded.run(adapter.feeds(s.loaded, input.data, input.dims), adapter.outputNames(s.loaded));
  return adapter.instances(s.loaded, out, input, maskThreshold);
}

/** Instances without their masks, for instances.json. */
const summary = (xs: readonly Instance[]) => xs.map((d) => ({ box: d.box, classId: d.classId, score: d.score, maskPixels: d.mask.reduce((s, v) => s + v, 0) }));

export async function validate(argv: string[]): Promise<number> {
  const startedAt = new Date();
  const { flags: f, positionals } = parseCommandLine(recoverNxArgs(argv), maskRcnnValidateFlags, 'maskrcnn validate');
  if (positionals.length && !f.images) throw new BenchError('USAGE', `maskrcnn validate: unexpected argument '${positionals[0]}'`, { hint: 'photos go after --images' });
  if (f.json) assertWritable(f.json);
  const scoreThreshold = unitInterval('score-threshold', f['score-threshold']);
  const maskThreshold = unitInterval('mask-threshold', f['mask-threshold']);
  const matchIou = unitInterval('match-iou', f['match-iou']);
  const paths = f.images ? listImageInputs([...f.images, ...positionals]) : [...DEFAULT_PHOTOS];
  const photos: LoadedImage[] = [];
  for (const p of paths) photos.push(await loadPhoto(p));
  ensureOutDir(f['out-dir']);
  const candidatePrecision = f.bf16 ? 'bf16' : 'fp32';
  const candidateLabel = f.bf16 ? 'bf16' : 'fp32-repeat';

  const model = await resolveModel('maskrcnn', f, maskRcnnSyntheticOptions(f.detections));
  const fp32 = await openSession(model, f, 'fp32');
  let cand: OpenedSession | undefined;
  try {
    cand = await openSession(model, f, candidatePrecision);
    const adapter = selectAdapter(maskRcnnAdapters, fp32.loaded, f.adapter);
    const exec = cand.backendInfo.precision === 'bf16' ? `bf16 ${cand.backendInfo.execution}` : 'fp32 (a second session: determinism check)';
    const out: string[] = [
      `maskrcnn validate: model ${model.info.id} (${model.synthetic ? 'SYNTHETIC seeded weights: classes and masks mean nothing, the agreement still does' : 'real weights'}), adapter ${adapter.name}, backend ${fp32.backendInfo.id}, fp32 vs ${exec}`,
      `instances with score > ${scoreThreshold} are drawn and compared; masks are probability > ${maskThreshold}; matched by class and box IoU ≥ ${matchIou}`,
    ];
    const items: ImageAgreement[] = [];
    const perImage: unknown[] = [];
    const written: string[] = [];
    for (const [i, photo] of photos.entries()) {
      const refAll = await segment(fp32, adapter, photo, maskThreshold);
      const candAll = await segment(cand, adapter, photo, maskThreshold);
      const ref = refAll.filter((d) => d.score > scoreThreshold);
      const got = candAll.filter((d) => d.score > scoreThreshold);
      const a = imageAgreement(photo.name, ref, got, matchIou);
      items.push(a);
      perImage.push({ image: photo.path, width: photo.image.width, height: photo.image.height, fp32: summary(refAll), candidate: summary(candAll) });
      out.push('', imageLine(a, photo.image.width, photo.image.height, candidateLabel, scoreThreshold), ...photo.notices.map((n) => `  note: ${n}`));
      out.push(`  (all instances: fp32 ${refAll.length}, ${candidateLabel} ${candAll.length})`);
      if (ref.length) out.push(instanceTable(a, ref, got, candidateLabel, f.rows));
      written.push(...(await drawPhoto(f['out-dir'], photo, ref, got, candidateLabel, i === 0)));
    }
    const totals = agreementTotals(items);
    const verdict = decideVerdict(totals, { minPrecision: f['min-precision'], minRecall: f['min-recall'], minMeanMaskIou: f['min-mask-iou'], maxScoreDiff: f['max-score-diff'] });
    out.push('', ...totalsLines(totals, candidateLabel), `pictures: ${written.join(', ')}`, verdictLine(verdict));
    process.stdout.write(out.join('\n') + '\n');

    const agreement = { precision: exec, scoreThreshold, maskThreshold, matchIou, totals, images: items.map(({ matching: _m, ...rest }) => rest), verdict };
    writeFileAtomic(join(f['out-dir'], 'instances.json'), JSON.stringify({ model: model.info, adapter: adapter.name, precision: exec, agreement, instances: perImage }, null, 2) + '\n');
    if (f.json) {
      const modelInfo = { ...model.info, adapter: adapter.name };
      writeJsonRecords(
        f.json,
        validateRecords({
          workload: 'maskrcnn',
          startedAt,
          reference: { model: modelInfo, backend: fp32.backendInfo },
          candidate: { model: modelInfo, backend: cand.backendInfo },
          agreement,
          warnings: verdict.failures,
        }),
      );
    }
    return verdict.pass ? 0 : 1;
  } finally {
    await fp32.loaded.dispose();
    await cand?.loaded.dispose();
  }
}
