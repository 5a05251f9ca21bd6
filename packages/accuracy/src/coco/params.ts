/**
 * COCOeval's default parameters for bbox and segm (pycocotools Params.setDetParams): IoU thresholds .50:.05:.95,
 * recall thresholds 0:.01:1, at most 1, 10, 100 detections an image, and the area ranges all / small (< 32²) /
 * medium (32²..96²) / large (> 96²) in pixels².
 */

export interface CocoEvalParams {
  iouThrs: readonly number[];
  recThrs: readonly number[];
  /** ascending; the last is the cap on detections an image */
  maxDets: readonly number[];
  /** [min, max] area in pixels², both ends included */
  areaRanges: readonly (readonly [number, number])[];
  areaLabels: readonly string[];
}

/** numpy.linspace(start, stop, num) with endpoint=True, computed the way numpy computes it (i·step + start, last = stop). */
export function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

export function defaultCocoParams(): CocoEvalParams {
  return {
    iouThrs: linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1),
    recThrs: linspace(0.0, 1.0, Math.round((1.0 - 0.0) / 0.01) + 1),
    maxDets: [1, 10, 100],
    areaRanges: [
      [0 ** 2, 1e5 ** 2],
      [0 ** 2, 32 ** 2],
      [32 ** 2, 96 ** 2],
      [96 ** 2, 1e5 ** 2],
    ],
    areaLabels: ['all', 'small', 'medium', 'large'],
  };
}
