/**
 * The embedded defaults: each workload's synthetic model (the real architecture with seeded weights), generated
 * locally by the builder registered for the workload (see ../synthetic-registry.ts) and cached by builder version.
 */
import type { IoSignature, SyntheticEntry } from './types.ts';

const RESNET50_SYNTHETIC: IoSignature = {
  inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 224, 224] }],
  outputs: [{ name: 'logits', type: 'float32', shape: ['batch', 1000] }],
};
/** torchvision detection export signature: transform and post-processing inside the graph */
const SSD300_SYNTHETIC: IoSignature = {
  inputs: [{ name: 'images', type: 'float32', shape: [3, 'height', 'width'] }],
  outputs: [
    { name: 'boxes', type: 'float32', shape: ['detections', 4] },
    { name: 'labels', type: 'int64', shape: ['detections'] },
    { name: 'scores', type: 'float32', shape: ['detections'] },
  ],
};
const DISTILBERT_SYNTHETIC: IoSignature = {
  inputs: [
    { name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] },
    { name: 'attention_mask', type: 'int64', shape: ['batch', 'sequence'] },
  ],
  outputs: [
    { name: 'start_logits', type: 'float32', shape: ['batch', 'sequence'] },
    { name: 'end_logits', type: 'float32', shape: ['batch', 'sequence'] },
  ],
};

export const SYNTHETIC_ENTRIES: readonly SyntheticEntry[] = [
  {
    id: 'resnet50-synthetic',
    workload: 'resnet50',
    title: 'torchvision resnet50 (v1.5) architecture, seeded weights',
    license: 'generated',
    signature: RESNET50_SYNTHETIC,
    preprocessPreset: 'torchvision-imagenet',
    source: 'synthetic',
    kind: 'model',
    format: 'onnx',
    precision: 'fp32',
    builder: 'resnet50',
  },
  {
    id: 'ssd-synthetic',
    workload: 'ssd',
    title: 'torchvision ssd300_vgg16 architecture (transform and post-processing in the graph), seeded weights',
    license: 'generated',
    signature: SSD300_SYNTHETIC,
    source: 'synthetic',
    kind: 'model',
    format: 'onnx',
    precision: 'fp32',
    builder: 'ssd',
  },
  {
    id: 'maskrcnn-synthetic',
    workload: 'maskrcnn',
    title: 'Mask R-CNN R-50-FPN architecture, seeded weights',
    license: 'generated',
    source: 'synthetic',
    kind: 'model',
    format: 'onnx',
    precision: 'fp32',
    builder: 'maskrcnn',
  },
  {
    id: 'bert-synthetic',
    workload: 'bert',
    title: 'Hugging Face DistilBertForQuestionAnswering architecture, seeded weights',
    license: 'generated',
    signature: DISTILBERT_SYNTHETIC,
    source: 'synthetic',
    kind: 'model',
    format: 'onnx',
    precision: 'fp32',
    builder: 'bert',
  },
];
