/** One pre-processed image as a detector's feeds: [3,H,W], or [N,3,H,W] with the image repeated N times (N = the
 * model's static batch, else 1). ssd and maskrcnn bind to models with either layout. */
import type { Feeds, TensorSpec } from '@modelbench/backends';

export interface ImageInputBinding {
  inputName: string;
  /** the model takes [N,3,H,W] rather than [3,H,W] */
  batchedInput: boolean;
  /** a batch dimension fixed in the model's signature */
  staticBatch?: number | null | undefined;
}

export function imageInputFeeds(bound: ImageInputBinding, input: { data: Float32Array; dims: readonly number[] }): Feeds {
  if (!bound.batchedInput) return { [bound.inputName]: { type: 'float32', dims: [...input.dims], data: input.data } };
  const copies = bound.staticBatch ?? 1;
  let data = input.data;
  if (copies > 1) {
    data = new Float32Array(copies * input.data.length);
    for (let i = 0; i < copies; i++) data.set(input.data, i * input.data.length);
  }
  return { [bound.inputName]: { type: 'float32', dims: [copies, ...input.dims], data } };
}

/** What an image input's declared shape fixes: H and W (null when either is dynamic) and a [N,3,H,W] input's N. */
export interface StaticImageInput {
  /** the input's fixed H and W, or null when either is dynamic */
  size: { width: number; height: number } | null;
  /** the fixed leading batch dimension of a [N,3,H,W] input, or null ([3,H,W], or a dynamic N) */
  batch: number | null;
}

export function staticImageInput(input: TensorSpec): StaticImageInput {
  const [h, w] = input.shape.slice(-2);
  const size = typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0 ? { width: w, height: h } : null;
  const lead = input.shape.length === 4 ? input.shape[0] : undefined;
  return { size, batch: typeof lead === 'number' && lead > 0 ? lead : null };
}
