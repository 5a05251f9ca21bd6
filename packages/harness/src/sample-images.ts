/**
 * Distinct images for a performance sample set, made cheaply from one seeded (or photo) image: sample i is the image
 * rolled with wrap-around by i mod H rows and ⌊i / H⌋ mod W columns in every channel — a copy per sample, so the
 * set's memory is as large as MLPerf's and no two of its first H × W samples are the same tensor (for an image with
 * no such symmetry), at the cost of two row copies per row instead of drawing new random numbers (~25 ms an image).
 */
import type { Feeds } from '@modelbench/backends';
import type { PerformanceSamples } from './sample-set.ts';

/** The image (dims […, H, W], planes first) rolled by (dy, dx) = (i mod H, ⌊i / H⌋ mod W). */
export function rolledImage(base: Float32Array, dims: readonly number[], index: number): Float32Array {
  const h = dims[dims.length - 2]!;
  const w = dims[dims.length - 1]!;
  const planes = base.length / (h * w);
  const dy = index % h;
  const dx = Math.floor(index / h) % w;
  if (dy === 0 && dx === 0) return base.slice();
  const out = new Float32Array(base.length);
  for (let p = 0; p < planes; p++) {
    const plane = p * h * w;
    for (let y = 0; y < h; y++) {
      const src = plane + ((y + dy) % h) * w;
      const dst = plane + y * w;
      out.set(base.subarray(src + dx, src + w), dst);
      out.set(base.subarray(src, src + dx), dst + w - dx);
    }
  }
  return out;
}

export interface ImageSampleSpec {
  /** one image [3, H, W] (or [1, 3, H, W]) */
  base: Float32Array;
  dims: readonly number[];
  /** the workload's own feeds of one image (leading dimension 1, or the model's one-image shape) */
  feedsOf(image: Float32Array): Feeds;
  count: number;
  countSource: string;
  /** the image rolled: what it is ('seeded random normal N(0,1) 224x224, seed 0') */
  what: string;
  /** a single user-chosen photo: the set is that photo alone */
  single?: boolean;
}

export function imageSamples(spec: ImageSampleSpec): PerformanceSamples {
  const h = spec.dims[spec.dims.length - 2]!;
  const w = spec.dims[spec.dims.length - 1]!;
  return {
    performanceCount: spec.count,
    countSource: spec.countSource,
    totalCount: spec.single ? 1 : h * w,
    feedsOf: (i) => spec.feedsOf(rolledImage(spec.base, spec.dims, i)),
    describe: spec.single ? `${spec.what}, the only sample` : `${spec.what}; sample i rolled by i mod ${h} rows and ⌊i / ${h}⌋ columns (distinct copies)`,
  };
}
