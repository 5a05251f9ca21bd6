/**
 * Mask R-CNN signature adapters: how a photo becomes the model's input, and how its outputs become instances (box,
 * torchvision 91-id label, score, binary full-image mask) in the photo's pixels.
 * - torchvision: a torch.onnx.export of torchvision's maskrcnn_resnet50_fpn (and the synthetic default): input
 *   `images` float [3, H, W] in [0, 1] (the model resizes and normalises); outputs `boxes` [n, 4], `labels` int64 [n],
 *   `scores` [n], `masks` [n, 1, H, W] probabilities already pasted into the image. Masks are thresholded at 0.5.
 * - zoo-maskrcnn: the ONNX Model Zoo's MaskRCNN-12 (maskrcnn-benchmark): input `image` float [3, H, W] = BGR 0–255
 *   minus [102.9801, 115.9465, 122.7717], shorter side 800, zero-padded to a multiple of 32, no batch dimension;
 *   outputs `6568` boxes (resized-image pixels), `6570` labels (1..80), `6572` scores, `6887` masks [n, 1, 28, 28]
 *   that the README's post-processor resizes into each box and thresholds at 0.5 (`pasteBoxMask`).
 */
import { BenchError } from '@modelbench/core';
import type { Feeds, HostTensor, Outputs, TensorSpec } from '@modelbench/backends';
import { dimsMatch, type ModelSignature, type SignatureAdapter } from '@modelbench/harness';
import { COCO_80_TO_91, TORCHVISION_DETECTION_INPUT, ZOO_MASKRCNN, thresholdMask, type PreprocessPreset } from '@modelbench/vision';
import { pasteBoxMask } from './paste.ts';
import type { Instance } from './instance.ts';

/** What the photo became before the model saw it (scale = model pixels per photo pixel). */
export interface PhotoGeometry {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
}

export interface InstanceAdapter extends SignatureAdapter {
  readonly preset: PreprocessPreset;
  feeds(sig: ModelSignature, chw: Float32Array, dims: readonly number[]): Feeds;
  outputNames(sig: ModelSignature): string[];
  /** instances in the model's order (best first), boxes in photo pixels, masks thresholded at `maskThreshold` */
  instances(sig: ModelSignature, outputs: Outputs, photo: PhotoGeometry, maskThreshold: number): Instance[];
}

interface Named {
  boxes: TensorSpec;
  labels: TensorSpec;
  scores: TensorSpec;
  masks: TensorSpec;
}

function byName(specs: readonly TensorSpec[], name: string): TensorSpec | undefined {
  return specs.find((s) => s.name === name);
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

function checkOutputs(o: Named, maskDims: readonly (number | null)[]): string | null {
  if (o.boxes.type !== 'float32' || !dimsMatch(o.boxes.shape, [null, 4])) return `output '${o.boxes.name}' is ${o.boxes.type}[${o.boxes.shape}], expected float32[n,4] boxes`;
  if (o.labels.type !== 'int64' || !dimsMatch(o.labels.shape, [null])) return `output '${o.labels.name}' is ${o.labels.type}[${o.labels.shape}], expected int64[n] labels`;
  if (o.scores.type !== 'float32' || !dimsMatch(o.scores.shape, [null])) return `output '${o.scores.name}' is ${o.scores.type}[${o.scores.shape}], expected float32[n] scores`;
  if (o.masks.type !== 'float32' || !dimsMatch(o.masks.shape, maskDims)) return `output '${o.masks.name}' is ${o.masks.type}[${o.masks.shape}], expected float32[${maskDims.map((d) => d ?? '?').join(',')}] masks`;
  return null;
}

function checkImageInput(input: TensorSpec | undefined, what: string): string | null {
  if (!input) return `no ${what} input`;
  if (input.type !== 'float32' || !dimsMatch(input.shape, [3, null, null])) return `input '${input.name}' is ${input.type}[${input.shape}], expected float32[3,H,W]`;
  return null;
}

function get(outputs: Outputs, name: string): HostTensor {
  const t = outputs[name];
  if (!t) throw new BenchError('INFERENCE_FAILED', `the model returned no output '${name}'`);
  return t;
}

interface Raw {
  n: number;
  boxes: Float32Array;
  labels: BigInt64Array;
  scores: Float32Array;
  masks: HostTensor;
}

function readRaw(outputs: Outputs, o: Named): Raw {
  const boxes = get(outputs, o.boxes.name).data as Float32Array;
  const labels = get(outputs, o.labels.name).data as BigInt64Array;
  const scores = get(outputs, o.scores.name).data as Float32Array;
  const masks = get(outputs, o.masks.name);
  const n = scores.length;
  if (labels.length !== n || boxes.length !== 4 * n || masks.dims[0] !== n) {
    throw new BenchError('INFERENCE_FAILED', `inconsistent outputs: ${boxes.length / 4} boxes, ${labels.length} labels, ${n} scores, ${masks.dims[0]} masks`);
  }
  return { n, boxes, labels, scores, masks };
}

export const torchvisionMaskRcnnAdapter: InstanceAdapter = {
  name: 'torchvision',
  signature: 'images float[3,H,W] in [0,1] -> boxes float[n,4], labels int64[n] (COCO 91-id), scores float[n], masks float[n,1,H,W]',
  preset: TORCHVISION_DETECTION_INPUT,
  match(sig) {
    if (sig.inputs.length !== 1) return `expected 1 input, found ${sig.inputs.length}`;
    const bad = checkImageInput(sig.inputs[0], 'image');
    if (bad) return bad;
    const o = torchvisionOutputs(sig);
    return typeof o === 'string' ? o : checkOutputs(o, [null, 1, null, null]);
  },
  feeds: (sig, chw, dims) => ({ [(sig.inputs[0] as TensorSpec).name]: { type: 'float32', dims, data: chw } }),
  outputNames(sig) {
    const o = torchvisionOutputs(sig) as Named;
    return [o.boxes.name, o.labels.name, o.scores.name, o.masks.name];
  },
  instances(sig, outputs, photo, maskThreshold) {
    const r = readRaw(outputs, torchvisionOutputs(sig) as Named);
    const pixels = photo.width * photo.height;
    if (r.masks.dims[2] !== photo.height || r.masks.dims[3] !== photo.width) {
      throw new BenchError('INFERENCE_FAILED', `masks are ${r.masks.dims.slice(2).join('x')}, the photo ${photo.height}x${photo.width}`);
    }
    const probabilities = r.masks.data as Float32Array;
    return Array.from({ length: r.n }, (_, i) => ({
      box: [r.boxes[4 * i] as number, r.boxes[4 * i + 1] as number, r.boxes[4 * i + 2] as number, r.boxes[4 * i + 3] as number] as const,
      classId: Number(r.labels[i]),
      score: r.scores[i] as number,
      mask: thresholdMask(probabilities.subarray(i * pixels, (i + 1) * pixels), maskThreshold),
    }));
  },
};

const ZOO_OUTPUTS = ['6568', '6570', '6572', '6887'] as const;

export const zooMaskRcnnAdapter: InstanceAdapter = {
  name: 'zoo-maskrcnn',
  signature: 'image float[3,H,W] (BGR 0-255 minus mean, padded to 32) -> 6568 boxes, 6570 labels (1..80), 6572 scores, 6887 masks float[n,1,28,28]',
  preset: ZOO_MASKRCNN,
  match(sig) {
    const bad = checkImageInput(byName(sig.inputs, 'image'), "'image'");
    if (bad) return bad;
    const o = outputsNamed(sig, ZOO_OUTPUTS);
    return typeof o === 'string' ? o : checkOutputs(o, [null, 1, 28, 28]);
  },
  feeds: (_sig, chw, dims) => ({ image: { type: 'float32', dims, data: chw } }),
  outputNames: () => [...ZOO_OUTPUTS],
  instances(sig, outputs, photo, maskThreshold) {
    const r = readRaw(outputs, outputsNamed(sig, ZOO_OUTPUTS) as Named);
    const masks = r.masks.data as Float32Array;
    const out: Instance[] = [];
    for (let i = 0; i < r.n; i++) {
      const label = Number(r.labels[i]);
      const classId = COCO_80_TO_91[label - 1];
      if (classId === undefined) throw new BenchError('INFERENCE_FAILED', `zoo label ${label} is outside 1..80`);
      const box = [
        (r.boxes[4 * i] as number) / photo.scaleX,
        (r.boxes[4 * i + 1] as number) / photo.scaleY,
        (r.boxes[4 * i + 2] as number) / photo.scaleX,
        (r.boxes[4 * i + 3] as number) / photo.scaleY,
      ] as const;
      const mask = pasteBoxMask(masks.subarray(i * 784, (i + 1) * 784), 28, box, photo.width, photo.height, maskThreshold);
      out.push({ box, classId, score: r.scores[i] as number, mask });
    }
    return out;
  },
};

/** The Zoo first: its numeric output names are specific, while torchvision also accepts any four outputs by order. */
export const maskRcnnAdapters: readonly InstanceAdapter[] = [zooMaskRcnnAdapter, torchvisionMaskRcnnAdapter];
