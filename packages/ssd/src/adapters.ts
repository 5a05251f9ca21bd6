/**
 * SSD signature adapters: how a photo becomes the model's input and how its outputs become detections in the photo's
 * pixels with torchvision's 91-id COCO labels.
 * - torchvision: a torch.onnx.export of torchvision's ssd300_vgg16 (and the synthetic default): input `images` float
 *   [3, H, W] in [0, 1], the model resizes and normalises; outputs boxes [n, 4] (x1, y1, x2, y2 in input pixels),
 *   labels int64 [n] (91-id), scores [n].
 * - zoo-ssd: the ONNX Model Zoo's ssd-12 (MLPerf SSD-ResNet34): input `image` float [1, 3, 1200, 1200], ImageNet
 *   normalised; outputs `bboxes` [1, n, 4], `labels` int64 [1, n] (1…80), `scores` [1, n]. Box order: MLPerf's
 *   PostProcessCocoOnnx feeds box[1], box[0], box[3], box[2] to a finaliser that reads ymin, xmin, ymax, xmax, so the
 *   model's box is (x_min, y_min, x_max, y_max) normalised to [0, 1] (OpenVINO's page says y-first; the MLPerf code,
 *   which scored this model, wins). Not checked against the Zoo's test_data_set (not available offline).
 */
import { BenchError } from '@modelbench/core';
import type { Feeds, Outputs, TensorSpec } from '@modelbench/backends';
import { dimsMatch, type ModelSignature, type SignatureAdapter } from '@modelbench/harness';
import { COCO_80_TO_91, TORCHVISION_DETECTION_INPUT, ZOO_SSD_1200, type Detection, type PreprocessPreset } from '@modelbench/vision';

export interface DetectorAdapter extends SignatureAdapter {
  /** what turns a photo into the input tensor ([3, H, W]) */
  readonly preset: PreprocessPreset;
  /** size of a random input image for `performance` without --image */
  readonly randomInputSize: { width: number; height: number };
  /** 'unit': [0, 1] as given (the model normalises); 'imagenet': the preset's mean/std applied */
  readonly randomInputScale: 'unit' | 'imagenet';
  /** feeds for one image tensor [3, H, W] */
  feeds(sig: ModelSignature, chw: Float32Array, dims: readonly number[]): Feeds;
  outputNames(sig: ModelSignature): string[];
  /** detections in the original photo's pixels (width × height), 91-id labels, in the model's order */
  detections(sig: ModelSignature, outputs: Outputs, width: number, height: number): Detection[];
}

function find(specs: readonly TensorSpec[], name: string): TensorSpec | undefined {
  return specs.find((s) => s.name === name);
}

/** The torchvision outputs by name when they are named so, otherwise by type and rank. */
function torchvisionOutputs(sig: ModelSignature): { boxes: TensorSpec; labels: TensorSpec; scores: TensorSpec } | string {
  const named = { boxes: find(sig.outputs, 'boxes'), labels: find(sig.outputs, 'labels'), scores: find(sig.outputs, 'scores') };
  if (named.boxes && named.labels && named.scores) return named as { boxes: TensorSpec; labels: TensorSpec; scores: TensorSpec };
  if (sig.outputs.length !== 3) return `expected outputs boxes, labels, scores; found ${sig.outputs.length} outputs (${sig.outputs.map((o) => o.name).join(', ')})`;
  const [boxes, labels, scores] = sig.outputs as [TensorSpec, TensorSpec, TensorSpec];
  return { boxes, labels, scores };
}

function checkOutputs(o: { boxes: TensorSpec; labels: TensorSpec; scores: TensorSpec }, batched: boolean): string | null {
  const lead = batched ? [1] : [];
  if (o.boxes.type !== 'float32' || !dimsMatch(o.boxes.shape, [...lead, null, 4])) return `output '${o.boxes.name}' is ${o.boxes.type}[${o.boxes.shape}], expected float32[${batched ? '1,' : ''}n,4] boxes`;
  if (o.labels.type !== 'int64' || !dimsMatch(o.labels.shape, [...lead, null])) return `output '${o.labels.name}' is ${o.labels.type}[${o.labels.shape}], expected int64[${batched ? '1,' : ''}n] labels`;
  if (o.scores.type !== 'float32' || !dimsMatch(o.scores.shape, [...lead, null])) return `output '${o.scores.name}' is ${o.scores.type}[${o.scores.shape}], expected float32[${batched ? '1,' : ''}n] scores`;
  return null;
}

function tensor(outputs: Outputs, name: string): Outputs[string] {
  const t = outputs[name];
  if (!t) throw new BenchError('INFERENCE_FAILED', `the model returned no output '${name}'`);
  return t;
}

function readTriples(outputs: Outputs, names: { boxes: string; labels: string; scores: string }): { boxes: Float32Array; labels: BigInt64Array; scores: Float32Array; n: number } {
  const boxes = tensor(outputs, names.boxes).data as Float32Array;
  const labels = tensor(outputs, names.labels).data as BigInt64Array;
  const scores = tensor(outputs, names.scores).data as Float32Array;
  const n = scores.length;
  if (labels.length !== n || boxes.length !== 4 * n) {
    throw new BenchError('INFERENCE_FAILED', `inconsistent detection outputs: ${boxes.length / 4} boxes, ${labels.length} labels, ${n} scores`);
  }
  return { boxes, labels, scores, n };
}

export const torchvisionSsdAdapter: DetectorAdapter = {
  name: 'torchvision',
  signature: 'images float[3,H,W] in [0,1] -> boxes float[n,4] (pixels), labels int64[n] (COCO 91-id), scores float[n]',
  preset: TORCHVISION_DETECTION_INPUT,
  randomInputSize: { width: 300, height: 300 },
  randomInputScale: 'unit',
  match(sig) {
    if (sig.inputs.length !== 1) return `expected 1 input, found ${sig.inputs.length}`;
    const input = sig.inputs[0] as TensorSpec;
    if (input.type !== 'float32' || !dimsMatch(input.shape, [3, null, null])) return `input '${input.name}' is ${input.type}[${input.shape}], expected float32[3,H,W]`;
    const o = torchvisionOutputs(sig);
    return typeof o === 'string' ? o : checkOutputs(o, false);
  },
  feeds: (sig, chw, dims) => ({ [(sig.inputs[0] as TensorSpec).name]: { type: 'float32', dims, data: chw } }),
  outputNames(sig) {
    const o = torchvisionOutputs(sig) as { boxes: TensorSpec; labels: TensorSpec; scores: TensorSpec };
    return [o.boxes.name, o.labels.name, o.scores.name];
  },
  detections(sig, outputs) {
    const [boxes, labels, scores] = this.outputNames(sig) as [string, string, string];
    const t = readTriples(outputs, { boxes, labels, scores });
    return Array.from({ length: t.n }, (_, i) => ({
      box: [t.boxes[4 * i] as number, t.boxes[4 * i + 1] as number, t.boxes[4 * i + 2] as number, t.boxes[4 * i + 3] as number] as const,
      classId: Number(t.labels[i]),
      score: t.scores[i] as number,
    }));
  },
};

export const zooSsdAdapter: DetectorAdapter = {
  name: 'zoo-ssd',
  signature: 'image float[1,3,1200,1200] (ImageNet-normalised) -> bboxes float[1,n,4] (x1,y1,x2,y2 in [0,1]), labels int64[1,n] (1..80), scores float[1,n]',
  preset: ZOO_SSD_1200,
  randomInputSize: { width: 1200, height: 1200 },
  randomInputScale: 'imagenet',
  match(sig) {
    const input = find(sig.inputs, 'image');
    if (!input) return "no input named 'image'";
    if (input.type !== 'float32' || !dimsMatch(input.shape, [1, 3, 1200, 1200])) return `input 'image' is ${input.type}[${input.shape}], expected float32[1,3,1200,1200]`;
    const boxes = find(sig.outputs, 'bboxes');
    const labels = find(sig.outputs, 'labels');
    const scores = find(sig.outputs, 'scores');
    if (!boxes || !labels || !scores) return `expected outputs bboxes, labels, scores; found ${sig.outputs.map((o) => o.name).join(', ')}`;
    return checkOutputs({ boxes, labels, scores }, true);
  },
  feeds: (_sig, chw, dims) => ({ image: { type: 'float32', dims: [1, ...dims], data: chw } }),
  outputNames: () => ['bboxes', 'labels', 'scores'],
  detections(_sig, outputs, width, height) {
    const t = readTriples(outputs, { boxes: 'bboxes', labels: 'labels', scores: 'scores' });
    const out: Detection[] = [];
    for (let i = 0; i < t.n; i++) {
      const label = Number(t.labels[i]);
      if (!(label >= 1 && label <= 80)) throw new BenchError('INFERENCE_FAILED', `zoo-ssd label ${label} is outside the 80 COCO classes (1..80)`);
      const classId = COCO_80_TO_91[label - 1] as number;
      out.push({
        box: [(t.boxes[4 * i] as number) * width, (t.boxes[4 * i + 1] as number) * height, (t.boxes[4 * i + 2] as number) * width, (t.boxes[4 * i + 3] as number) * height] as const,
        classId,
        score: t.scores[i] as number,
      });
    }
    return out;
  },
};

export const ssdAdapters: readonly DetectorAdapter[] = [torchvisionSsdAdapter, zooSsdAdapter];

/** torchvision ssd300_vgg16 at 300×300: 34.86 GMAC (convolutions), the synthetic builder's count. */
export const SSD300_MACS_PER_IMAGE = 34_858_153_472;
