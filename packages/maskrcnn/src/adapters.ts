/**
 * Mask R-CNN signature adapters, bound once per session into an `InstanceBinding` (input and output names, the
 * pre-processing preset, the output layout); post-processing reads the binding.
 * - torchvision: a torch.onnx.export of torchvision's maskrcnn_resnet50_fpn (and the synthetic default): input
 *   `images` float [3, H, W] in [0, 1] (the model resizes and normalises); outputs `boxes` [n, 4], `labels` int64 [n],
 *   `scores` [n], `masks` [n, 1, H, W] probabilities already pasted into the image. Masks are thresholded at 0.5.
 *   An input [N, 3, H, W] (an export traced with a batched tensor) fits too; one with a static H×W gets each photo
 *   letterboxed into it (lib/letterbox.ts) and boxes and masks mapped back.
 * - zoo-maskrcnn: the ONNX Model Zoo's MaskRCNN-12 (maskrcnn-benchmark): input `image` float [3, H, W] = BGR 0–255
 *   minus [102.9801, 115.9465, 122.7717], shorter side 800, zero-padded to a multiple of 32, no batch dimension;
 *   outputs `6568` boxes (resized-image pixels), `6570` labels (1..80), `6572` scores, `6887` masks [n, 1, 28, 28]
 *   that the README's post-processor resizes into each box and thresholds at 0.5 (`pasteBoxMask`).
 */
import type { TensorSpec } from '@modelbench/backends';
import { checkDetectionOutputs, checkImageInput, dimsMatch, imageInputShape, tensorNamed as byName, type DetectionOutputSpecs, type ModelAdapter, type ModelSignature } from '@modelbench/harness';
import { TORCHVISION_DETECTION_INPUT, ZOO_MASKRCNN, type PreprocessPreset } from '@modelbench/vision';
import { letterboxNote } from './lib/letterbox.ts';

export interface InstanceBinding {
  /** 'torchvision': full-image mask probabilities, 91-id labels; 'zoo': 28×28 masks per box, labels 1..80, boxes in resized pixels */
  layout: 'torchvision' | 'zoo';
  inputName: string;
  outputs: { boxes: string; labels: string; scores: string; masks: string };
  preset: PreprocessPreset;
  /** true when the input has a leading batch dimension ([N, 3, H, W]) */
  batchedInput: boolean;
  /** the input's shape as the model declares it (for messages) */
  inputShape: readonly (number | string)[];
  /** torchvision: the input's fixed size, each photo letterboxed into it (lib/letterbox.ts); null when dynamic */
  staticSize: { width: number; height: number } | null;
  /** a fixed batch dimension N: every call feeds N images (the photo repeated in validate); null when dynamic */
  staticBatch: number | null;
}

interface Named extends DetectionOutputSpecs {
  masks: TensorSpec;
}

function outputsNamed(sig: ModelSignature, names: readonly [string, string, string, string]): Named | string {
  const [boxes, labels, scores, masks] = names.map((n) => byName(sig.outputs, n));
  if (boxes && labels && scores && masks) return { boxes, labels, scores, masks };
  return `expected outputs ${names.join(', ')}; found ${sig.outputs.map((o) => o.name).join(', ') || 'none'}`;
}

/** torchvision's names, or any four outputs in that order */
function torchvisionOutputs(sig: ModelSignature): Named | string {
  const named = outputsNamed(sig, ['boxes', 'labels', 'scores', 'masks']);
  if (typeof named !== 'string') return named;
  if (sig.outputs.length !== 4) return named;
  const [boxes, labels, scores, masks] = sig.outputs as [TensorSpec, TensorSpec, TensorSpec, TensorSpec];
  return { boxes, labels, scores, masks };
}

/** boxes, labels and scores as every detector's, then the masks */
function checkOutputs(o: Named, maskDims: readonly (number | null)[]): string | null {
  const bad = checkDetectionOutputs(o, false);
  if (bad) return bad;
  if (o.masks.type !== 'float32' || !dimsMatch(o.masks.shape, maskDims)) return `output '${o.masks.name}' is ${o.masks.type}[${o.masks.shape}], expected float32[${maskDims.map((d) => d ?? '?').join(',')}] masks`;
  return null;
}

const names = (o: Named): InstanceBinding['outputs'] => ({ boxes: o.boxes.name, labels: o.labels.name, scores: o.scores.name, masks: o.masks.name });

export const torchvisionMaskRcnnAdapter: ModelAdapter<InstanceBinding> = {
  name: 'torchvision',
  signature: 'images float[3,H,W] in [0,1] -> boxes float[n,4], labels int64[n] (COCO 91-id), scores float[n], masks float[n,1,H,W]',
  match(sig) {
    if (sig.inputs.length !== 1) return `expected 1 input, found ${sig.inputs.length}`;
    const bad = checkImageInput(sig.inputs[0], 'image', true);
    if (bad) return bad;
    const o = torchvisionOutputs(sig);
    return typeof o === 'string' ? o : checkOutputs(o, [null, 1, null, null]);
  },
  bind: (sig) => ({
    layout: 'torchvision',
    ...imageInputShape(sig.inputs[0] as TensorSpec),
    outputs: names(torchvisionOutputs(sig) as Named),
    preset: TORCHVISION_DETECTION_INPUT,
  }),
  notes: (b) => (b.staticSize ? [letterboxNote(b.staticSize)] : []),
};

const ZOO_OUTPUTS = ['6568', '6570', '6572', '6887'] as const;

export const zooMaskRcnnAdapter: ModelAdapter<InstanceBinding> = {
  name: 'zoo-maskrcnn',
  signature: 'image float[3,H,W] (BGR 0-255 minus mean, padded to 32) -> 6568 boxes, 6570 labels (1..80), 6572 scores, 6887 masks float[n,1,28,28]',
  match(sig) {
    const bad = checkImageInput(byName(sig.inputs, 'image'), "'image'");
    if (bad) return bad;
    const o = outputsNamed(sig, ZOO_OUTPUTS);
    return typeof o === 'string' ? o : checkOutputs(o, [null, 1, 28, 28]);
  },
  bind: (sig) => ({
    layout: 'zoo',
    inputName: 'image',
    outputs: { boxes: '6568', labels: '6570', scores: '6572', masks: '6887' },
    preset: ZOO_MASKRCNN,
    batchedInput: false,
    inputShape: byName(sig.inputs, 'image')?.shape ?? [3, 'H', 'W'],
    staticSize: null,
    staticBatch: null,
  }),
};

/** The Zoo first: its numeric output names are specific, while torchvision also accepts any four outputs by order. */
export const maskRcnnAdapters: readonly ModelAdapter<InstanceBinding>[] = [zooMaskRcnnAdapter, torchvisionMaskRcnnAdapter];
