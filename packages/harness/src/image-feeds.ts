/** One pre-processed image as a detector's feeds: [3,H,W], or [N,3,H,W] with the image repeated N times (N = the
 * model's static batch, else 1). ssd and maskrcnn bind to models with either layout. */
import type { Feeds } from '@modelbench/backends';

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
