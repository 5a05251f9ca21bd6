/**
 * The signature checks and binding parts every detector's adapters share (SSD, Mask R-CNN): a tensor by name, an
 * image input float [3, H, W] (or [N, 3, H, W]), the boxes / labels / scores outputs, and what an image input's
 * declared shape fixes for the binding. Each check returns null when the model fits, otherwise why not. Pure.
 */
import type { TensorSpec } from '@modelbench/backends';
import { dimsMatch } from './adapters.ts';
import { staticImageInput, type StaticImageInput } from './image-feeds.ts';

export function tensorNamed(specs: readonly TensorSpec[], name: string): TensorSpec | undefined {
  return specs.find((s) => s.name === name);
}

/** An image input float [3, H, W], or also [N, 3, H, W] with `batchAllowed`; `what` names a missing one. */
export function checkImageInput(input: TensorSpec | undefined, what: string, batchAllowed = false): string | null {
  if (!input) return `no ${what} input`;
  const fits = dimsMatch(input.shape, [3, null, null]) || (batchAllowed && dimsMatch(input.shape, [null, 3, null, null]));
  if (input.type !== 'float32' || !fits) return `input '${input.name}' is ${input.type}[${input.shape}], expected float32[3,H,W]${batchAllowed ? ' (or [N,3,H,W])' : ''}`;
  return null;
}

export interface DetectionOutputSpecs {
  boxes: TensorSpec;
  labels: TensorSpec;
  scores: TensorSpec;
}

/** boxes float [n, 4], labels int64 [n], scores float [n]; `batched`: each with a leading batch dimension of 1. */
export function checkDetectionOutputs(o: DetectionOutputSpecs, batched: boolean): string | null {
  const lead = batched ? [1] : [];
  const n = batched ? '1,' : '';
  if (o.boxes.type !== 'float32' || !dimsMatch(o.boxes.shape, [...lead, null, 4])) return `output '${o.boxes.name}' is ${o.boxes.type}[${o.boxes.shape}], expected float32[${n}n,4] boxes`;
  if (o.labels.type !== 'int64' || !dimsMatch(o.labels.shape, [...lead, null])) return `output '${o.labels.name}' is ${o.labels.type}[${o.labels.shape}], expected int64[${n}n] labels`;
  if (o.scores.type !== 'float32' || !dimsMatch(o.scores.shape, [...lead, null])) return `output '${o.scores.name}' is ${o.scores.type}[${o.scores.shape}], expected float32[${n}n] scores`;
  return null;
}

/** What a binding keeps of a [3, H, W] or [N, 3, H, W] image input. */
export interface ImageInputShape {
  inputName: string;
  /** true when the input has a leading batch dimension ([N, 3, H, W]) */
  batchedInput: boolean;
  /** the input's shape as the model declares it (for messages) */
  inputShape: readonly (number | string)[];
  /** the input's fixed H and W; null when either is dynamic */
  staticSize: StaticImageInput['size'];
  /** a fixed batch dimension N; null when dynamic or absent */
  staticBatch: number | null;
}

export function imageInputShape(input: TensorSpec): ImageInputShape {
  const fixed = staticImageInput(input);
  return { inputName: input.name, batchedInput: input.shape.length === 4, inputShape: input.shape, staticSize: fixed.size, staticBatch: fixed.batch };
}
