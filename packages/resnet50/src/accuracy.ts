/**
 * ResNet50's `accuracy`: an ImageNet-style validation folder (val_map.txt / val.txt, or one folder per synset) scored
 * top-1 and top-5. Each image is decoded only when it runs, pre-processed with `--preprocess`, else the model's own
 * preset (its catalogue entry's, or an export's `modelbench.preprocess` metadata), else torchvision-v1 (Resize 256 +
 * CenterCrop 224) — preset-choice.ts — classified by the same pure
 * pre/post-processing as `validate`, and recorded as top-5 JSONL (`{file, topk, logits}`, torch.topk's order).
 */
import { BenchError, type FlagSpecs } from '@modelbench/core';
import { imagenetDatasetIdentity, imagenetPrediction, loadImagenetDataset, type ImagenetPrediction } from '@modelbench/accuracy';
import { checkFixedBatch, type AccuracyDataset, type AccuracyDefinition, type AccuracyItem } from '@modelbench/harness';
import { DEFAULT_IMAGE_LIMITS, IMAGENET_SYNSET_FILE, loadImage } from '@modelbench/vision';
import { join } from 'node:path';
import type { ClassifierBinding } from './adapters.ts';
import { resnet50MlperfAccuracy } from './mlperf-accuracy.ts';
import type { Classification } from './postprocess.ts';
import { preprocessFlag } from './preprocess.ts';
import { presetFor, presetLine } from './lib/preset-choice.ts';
import type { PhotoSample } from './samples.ts';

export const resnet50AccuracyFlags = {
  labels: { kind: 'string', value: 'FILE', description: 'a labels file (`file label` lines) elsewhere than the folder\'s val_map.txt / val.txt' },
  synsets: { kind: 'string', value: 'FILE', description: 'for a folder-per-synset layout: synset.txt, line i = class i (default: the ImageNet-1k list the models use)' },
  ...preprocessFlag,
} as const satisfies FlagSpecs;

/** Top-k kept per image: top-5 is the metric, and the score step needs no more. */
export const TOP_K = 5;
const CLASSES = 1000;

/** What the data set knows of one photo sample. */
export interface ImagenetLabel {
  /** the key in predictions: the path relative to the data set folder */
  file: string;
  label: number;
}

/** One item of an ImageNet set: the workload's photo sample (as `validate`'s) and its label. */
export type ImagenetItem = AccuracyItem<PhotoSample, ImagenetLabel>;


export const resnet50Accuracy: AccuracyDefinition<ClassifierBinding, PhotoSample, Classification, ImagenetLabel, typeof resnet50AccuracyFlags> = {
  flags: resnet50AccuracyFlags,
  task: 'imagenet',
  async loadDataset(ctx): Promise<AccuracyDataset<PhotoSample, ImagenetLabel>> {
    const { options: f, dataset, positionals } = ctx;
    if (positionals.length > 0) throw new BenchError('USAGE', `resnet50 accuracy: unexpected argument '${positionals[0]}'`, { hint: 'pass the data set as --dataset DIR' });
    if (!dataset) {
      throw new BenchError('USAGE', 'resnet50 accuracy: no --dataset (an ImageNet-style folder); the project ships photos (packages/vision/fixtures/images) but no labelled set', {
        hint: 'pass --dataset DIR: images with val_map.txt / val.txt (`file label` lines; --labels FILE for one elsewhere), or one folder per synset',
      });
    }
    const choice = presetFor(f.preprocess, ctx.modelOptions);
    const preset = choice.preset;
    const ds = loadImagenetDataset(dataset, {
      ...(f.labels ? { labelsFile: f.labels } : {}),
      synsetFile: f.synsets ?? IMAGENET_SYNSET_FILE,
      classes: CLASSES,
    });
    return {
      identity: imagenetDatasetIdentity(ds, dataset),
      count: ds.samples.length,
      keyAt: (i) => ds.samples[i]!.file,
      async load(i) {
        const { file, label } = ds.samples[i]!;
        return { sample: { preset, photo: await loadImage(join(ds.root, file), DEFAULT_IMAGE_LIMITS) }, meta: { file, label } };
      },
      describe: () => [
        `data set: ${dataset} — ${ds.samples.length} images, ${ds.layout === 'labels-file' ? `labels ${ds.labelsPath}` : `synset folders (classes from ${ds.labelsPath})`}`,
        presetLine(choice),
      ],
    };
  },
  checkModel: (_dataset, bound) => checkFixedBatch(bound.fixedBatch, bound.inputShape, { oneSampleIn: 'accuracy' }),
  // each photo's prediction is the workload's pipeline's (no `run`): the code validate runs
  toPrediction: (p, { meta }): ImagenetPrediction => imagenetPrediction(meta.file, p.logits, TOP_K),
  mlperf: resnet50MlperfAccuracy,
  manifestFlags: (o) => ({ preprocess: presetFor(o.options.preprocess, o.modelOptions).preset.id, topk: TOP_K }),
};
