/**
 * SSD signature adapters: which model a photo feeds and how, bound once per session into a `DetectorBinding`
 * (input and output names, the pre-processing preset, the output layout); post-processing reads the binding.
 * - torchvision: a torch.onnx.export of torchvision's ssd300_vgg16 (and the synthetic default): input `images` float
 *   [3, H, W] (or [N, 3, H, W], as an export traced with a batched tensor has) in [0, 1], the model resizes and
 *   normalises; outputs boxes [n, 4] (x1, y1, x2, y2 in input pixels), labels int64 [n] (91-id), scores [n]. An input
 *   with a static H×W gets each photo resized to it (lib/static-input.ts) and its boxes scaled back.
 * - zoo-ssd: the ONNX Model Zoo's ssd-12 (MLPerf SSD-ResNet34): input `image` float [1, 3, 1200, 1200], ImageNet
 *   normalised; outputs `bboxes` [1, n, 4], `labels` int64 [1, n] (1…80), `scores` [1, n]. Box order: MLPerf's
 *   PostProcessCocoOnnx feeds box[1], box[0], box[3], box[2] to a finaliser that reads ymin, xmin, ymax, xmax, so the
 *   model's box is (x_min, y_min, x_max, y_max) normalised to [0, 1] (OpenVINO's page says y-first; the MLPerf code,
 *   which scored this model, wins). Not checked against the Zoo's test_data_set (not available offline).
 */
import type { TensorSpec } from '@modelbench/backends';
import { checkDetectionOutputs, checkImageInput, dimsMatch, imageInputShape, tensorNamed as find, type DetectionOutputSpecs, type ModelAdapter, type ModelSignature } from '@modelbench/harness';
import { TORCHVISION_DETECTION_INPUT, ZOO_SSD_1200, type PreprocessPreset } from '@modelbench/vision';
import { staticInputNote, staticResizePreset } from './lib/static-input.ts';

export interface DetectorBinding {
  /** 'torchvision': boxes in input pixels, 91-id labels; 'zoo': boxes normalised to [0, 1], labels 1..80 */
  layout: 'torchvision' | 'zoo';
  inputName: string;
  /** true when the input has a leading batch dimension ([N, 3, H, W]) */
  batchedInput: boolean;
  /** the input's shape as the model declares it (for messages) */
  inputShape: readonly (number | string)[];
  /** the input's fixed size: photos are resized to it and boxes scaled back; null when H and W are dynamic */
  staticSize: { width: number; height: number } | null;
  /** a fixed batch dimension N: every call feeds N images (the photo repeated in validate); null when dynamic */
  staticBatch: number | null;
  outputs: { boxes: string; labels: string; scores: string };
  /** what turns a photo into the input tensor ([3, H, W]) */
  preset: PreprocessPreset;
  /** size of a random input image for `performance` without --image */
  randomInputSize: { width: number; height: number };
  /** 'unit': [0, 1] as given (the model normalises); 'imagenet': the preset's mean/std applied */
  randomInputScale: 'unit' | 'imagenet';
}

/** The torchvision outputs by name when they are named so, otherwise by type and rank. */
function torchvisionOutputs(sig: ModelSignature): DetectionOutputSpecs | string {
  const named = { boxes: find(sig.outputs, 'boxes'), labels: find(sig.outputs, 'labels'), scores: find(sig.outputs, 'scores') };
  if (named.boxes && named.labels && named.scores) return named as DetectionOutputSpecs;
  if (sig.outputs.length !== 3) return `expected outputs boxes, labels, scores; found ${sig.outputs.length} outputs (${sig.outputs.map((o) => o.name).join(', ')})`;
  const [boxes, labels, scores] = sig.outputs as [TensorSpec, TensorSpec, TensorSpec];
  return { boxes, labels, scores };
}

const names = (o: DetectionOutputSpecs): DetectorBinding['outputs'] => ({ boxes: o.boxes.name, labels: o.labels.name, scores: o.scores.name });

export const torchvisionSsdAdapter: ModelAdapter<DetectorBinding> = {
  name: 'torchvision',
  signature: 'images float[3,H,W] in [0,1] -> boxes float[n,4] (pixels), labels int64[n] (COCO 91-id), scores float[n]',
  match(sig) {
    if (sig.inputs.length !== 1) return `expected 1 input, found ${sig.inputs.length}`;
    const bad = checkImageInput(sig.inputs[0], 'image', true);
    if (bad) return bad;
    const o = torchvisionOutputs(sig);
    return typeof o === 'string' ? o : checkDetectionOutputs(o, false);
  },
  bind: (sig) => {
    const input = imageInputShape(sig.inputs[0] as TensorSpec);
    return {
      layout: 'torchvision',
      ...input,
      outputs: names(torchvisionOutputs(sig) as DetectionOutputSpecs),
      preset: input.staticSize ? staticResizePreset(input.staticSize) : TORCHVISION_DETECTION_INPUT,
      randomInputSize: input.staticSize ?? { width: 300, height: 300 },
      randomInputScale: 'unit',
    };
  },
  notes: (b) => (b.staticSize ? [staticInputNote(b.staticSize)] : []),
};

export const zooSsdAdapter: ModelAdapter<DetectorBinding> = {
  name: 'zoo-ssd',
  signature: 'image float[1,3,1200,1200] (ImageNet-normalised) -> bboxes float[1,n,4] (x1,y1,x2,y2 in [0,1]), labels int64[1,n] (1..80), scores float[1,n]',
  match(sig) {
    const input = find(sig.inputs, 'image');
    if (!input) return "no input named 'image'";
    if (input.type !== 'float32' || !dimsMatch(input.shape, [1, 3, 1200, 1200])) return `input 'image' is ${input.type}[${input.shape}], expected float32[1,3,1200,1200]`;
    const boxes = find(sig.outputs, 'bboxes');
    const labels = find(sig.outputs, 'labels');
    const scores = find(sig.outputs, 'scores');
    if (!boxes || !labels || !scores) return `expected outputs bboxes, labels, scores; found ${sig.outputs.map((o) => o.name).join(', ')}`;
    return checkDetectionOutputs({ boxes, labels, scores }, true);
  },
  bind: () => ({
    layout: 'zoo',
    inputName: 'image',
    batchedInput: true,
    inputShape: [1, 3, 1200, 1200],
    staticSize: { width: 1200, height: 1200 },
    staticBatch: 1,
    outputs: { boxes: 'bboxes', labels: 'labels', scores: 'scores' },
    preset: ZOO_SSD_1200,
    randomInputSize: { width: 1200, height: 1200 },
    randomInputScale: 'imagenet',
  }),
};

export const ssdAdapters: readonly ModelAdapter<DetectorBinding>[] = [torchvisionSsdAdapter, zooSsdAdapter];
