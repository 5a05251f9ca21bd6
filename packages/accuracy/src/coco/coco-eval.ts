/**
 * COCOeval for bbox and segm, end to end, as pycocotools' COCOeval.evaluate() + accumulate() + summarize() with its
 * default parameters: images and categories are the ground truth's (sorted by id); detections are prepared as
 * COCO.loadRes prepares them (area = box area when the results have boxes, else the mask's area; bbox from the mask
 * when absent; never crowd); IoUs per image × category over the top maxDets[-1] detections by score.
 *
 * Work is done one category at a time, so memory stays at one category's IoU matrices and evaluations.
 */
import { BenchError } from '@modelbench/core';
import type { CocoGroundTruth } from './annotations.ts';
import { accumulateCell, poolDetections } from './accumulate.ts';
import { argsortDescending, evaluateImage, type EvalDt, type EvalGt, type ImageEval } from './evaluate.ts';
import { boxIouMatrix } from './iou.ts';
import { rleArea, rleIouMatrix, rleToBox } from './mask.ts';
import { defaultCocoParams, type CocoEvalParams } from './params.ts';
import { rleFromString, type Rle } from './rle.ts';
import type { CocoResult } from './results.ts';
import { segmentationToRle } from './segmentation.ts';
import { summarizeCoco, type CocoAccumulated, type CocoStats } from './summarize.ts';

export type CocoIouType = 'bbox' | 'segm';

export interface CocoEvaluation {
  iouType: CocoIouType;
  imageIds: number[];
  categoryIds: number[];
  accumulated: CocoAccumulated;
  stats: CocoStats;
}

interface PreparedDt extends EvalDt {
  box: readonly number[];
  result: CocoResult;
}

function prepareDetections(results: readonly CocoResult[], gt: CocoGroundTruth, iouType: CocoIouType): PreparedDt[] {
  const boxBranch = results.length > 0 && results[0]!.bbox !== undefined;
  return results.map((r, i) => {
    if (iouType === 'segm' && !r.segmentation) {
      throw new BenchError('BAD_INPUT', `results[${i}] has no segmentation, so it cannot be scored for segm`, { hint: 'score bbox only, or write masks as COCO RLE in the results' });
    }
    let box = r.bbox;
    let area: number;
    if (boxBranch) area = box![2] * box![3];
    else {
      const img = gt.imageById.get(r.image_id)!;
      const rle = rleFromString(r.segmentation!.counts, img.height, img.width);
      area = rleArea(rle);
      box ??= rleToBox(rle);
    }
    return { area, score: r.score, box: box!, result: r };
  });
}

function groupBy<T>(items: readonly T[], key: (t: T) => number | undefined): Map<number, number[]> {
  const m = new Map<number, number[]>();
  items.forEach((it, i) => {
    const k = key(it);
    if (k === undefined) return;
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  });
  return m;
}

/**
 * `onlyImageIds`: evaluate these images only (pycocotools' `params.imgIds`, as MLPerf's accuracy-coco.py sets it to the
 * images it ran); ground truth and results of other images are left out. Default: every image of the ground truth.
 */
export function evaluateCoco(gt: CocoGroundTruth, results: readonly CocoResult[], iouType: CocoIouType, params: CocoEvalParams = defaultCocoParams(), onlyImageIds?: readonly number[]): CocoEvaluation {
  const chosen = onlyImageIds ? [...new Set(onlyImageIds)] : [...gt.imageById.keys()];
  const unknown = chosen.find((id) => !gt.imageById.has(id));
  if (unknown !== undefined) throw new BenchError('BAD_INPUT', `${gt.source}: image id ${unknown} is not an image of the annotations`, { hint: 'evaluate images of the annotations file' });
  const imageIds = chosen.sort((a, b) => a - b);
  const categoryIds = [...gt.categoryById.keys()].sort((a, b) => a - b);
  const N = imageIds.length;
  const K = categoryIds.length;
  const imgIndex = new Map(imageIds.map((id, i) => [id, i]));
  const catIndex = new Map(categoryIds.map((id, k) => [id, k]));
  if (iouType === 'segm') {
    const missing = gt.annotations.find((a) => a.segmentation === undefined && imgIndex.has(a.imageId));
    if (missing) throw new BenchError('BAD_INPUT', `${gt.source}: annotation ${missing.id} has no segmentation, so the set cannot be scored for segm`, { hint: 'score bbox only, or use annotations with masks' });
  }
  const dts = prepareDetections(results, gt, iouType);
  const cellKey = (imageId: number, categoryId: number): number | undefined => {
    const i = imgIndex.get(imageId);
    const k = catIndex.get(categoryId);
    return i === undefined || k === undefined ? undefined : k * N + i;
  };
  const gtsByCell = groupBy(gt.annotations, (a) => cellKey(a.imageId, a.categoryId));
  const dtsByCell = groupBy(dts, (d) => cellKey(d.result.image_id, d.result.category_id));

  const { iouThrs, recThrs, maxDets, areaRanges } = params;
  const T = iouThrs.length;
  const R = recThrs.length;
  const A = areaRanges.length;
  const M = maxDets.length;
  const maxDet = maxDets[M - 1]!;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);

  for (let k = 0; k < K; k++) {
    const evalsByArea: ImageEval[][] = areaRanges.map(() => []);
    for (let i = 0; i < N; i++) {
      const gIdx = gtsByCell.get(k * N + i) ?? [];
      const dAll = dtsByCell.get(k * N + i) ?? [];
      if (gIdx.length === 0 && dAll.length === 0) continue;
      const order = argsortDescending(dAll.map((d) => dts[d]!.score));
      const dIdx = Array.from(order.subarray(0, maxDet), (o) => dAll[o]!);
      const gAnns = gIdx.map((g) => gt.annotations[g]!);
      const evalGts: EvalGt[] = gAnns.map((a) => ({ id: a.id, area: a.area, crowd: a.iscrowd }));
      const evalDts = dIdx.map((d) => dts[d]!);
      const crowd = gAnns.map((a) => a.iscrowd);
      let ious: Float64Array;
      if (iouType === 'bbox') {
        ious = boxIouMatrix(evalDts.flatMap((d) => d.box), gAnns.flatMap((a) => a.bbox), crowd);
      } else {
        const img = gt.imageById.get(imageIds[i]!)!;
        const gRles: Rle[] = gAnns.map((a) => {
          try {
            return segmentationToRle(a.segmentation!, img.height, img.width);
          } catch (e) {
            throw new BenchError('BAD_INPUT', `${gt.source}: annotation ${a.id}: ${(e as Error).message}`, { hint: (e as BenchError).hint ?? 'fix the annotation\'s segmentation' });
          }
        });
        const dRles: Rle[] = evalDts.map((d) => rleFromString(d.result.segmentation!.counts, d.result.segmentation!.size[0], d.result.segmentation!.size[1]));
        ious = rleIouMatrix(dRles, gRles, crowd);
      }
      areaRanges.forEach((rng, a) => {
        const e = evaluateImage(evalGts, evalDts, ious, rng, maxDet, iouThrs);
        if (e) evalsByArea[a]!.push(e);
      });
    }
    // every area range has the same images and detections (only the ignore flags differ): one pool serves all
    const pool = poolDetections(evalsByArea[0] ?? []);
    for (let a = 0; a < A; a++) {
      for (let m = 0; m < M; m++) {
        const cell = accumulateCell(evalsByArea[a]!, maxDets[m]!, iouThrs, recThrs, pool);
        if (!cell) continue;
        for (let t = 0; t < T; t++) {
          recall[((t * K + k) * A + a) * M + m] = cell.recall[t]!;
          for (let r = 0; r < R; r++) precision[(((t * R + r) * K + k) * A + a) * M + m] = cell.precision[t * R + r]!;
        }
      }
    }
  }
  const accumulated: CocoAccumulated = { params, K, precision, recall };
  return { iouType, imageIds, categoryIds, accumulated, stats: summarizeCoco(accumulated) };
}
