/**
 * The embedded defaults: each workload's synthetic model (the real architecture with seeded weights), generated
 * locally by the builder registered for the workload (see ../synthetic-registry.ts) and cached by builder version.
 */
import type { IoSignature, SyntheticEntry } from './types.ts';

const RESNET50_SYNTHETIC: IoSignature = {
  inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 224, 224] }],
  outputs: [{ name: 'logits', type: 'float32', shape: ['batch', 1000] }],
};

export const SYNTHETIC_ENTRIES: readonly SyntheticEntry[] = [
  {
    id: 'resnet50-synthetic',
    workload: 'resnet50',
    title: 'torchvision resnet50 (v1.5) architecture, seeded weights',
    license: 'generated',
    signature: RESNET50_SYNTHETIC,
    source: 'synthetic',
    kind: 'model',
    format: 'onnx',
    precision: 'fp32',
    builder: 'resnet50',
  },
  {
    id: 'ssd-synthetic',
    workload: 'ssd',
    title: 'SSD300 architecture, seeded weights',
    license: 'generated',
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
    title: 'DistilBERT QA architecture, seeded weights',
    license: 'generated',
    source: 'synthetic',
    kind: 'model',
    format: 'onnx',
    precision: 'fp32',
    builder: 'bert',
  },
];
