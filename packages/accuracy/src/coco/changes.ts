/**
 * The images whose detections changed between the fp32 reference and the candidate: per image, the results scoring
 * at least `minScore` on each side are matched one to one by category and box IoU ≥ `iou` (the vision package's
 * COCO-style greedy matching); a reference detection left unmatched was lost, a candidate one was gained. Pure.
 */
import { matchDetections, type Detection } from '@modelbench/vision';
import type { CocoResult } from './results.ts';

export interface CocoChangedDetection {
  category_id: number;
  score: number;
  /** [x, y, w, h] */
  bbox: [number, number, number, number];
}

export interface CocoChange {
  image_id: number;
  file: string;
  /** detections above minScore on each side */
  reference: number;
  candidate: number;
  lost: CocoChangedDetection[];
  gained: CocoChangedDetection[];
}

export interface CocoChangeOptions {
  /** only detections scoring at least this are compared (the low-score tail that COCOeval reads flips freely) */
  minScore: number;
  /** a candidate detection matches a reference one of the same category with at least this box IoU */
  iou: number;
}

export const DEFAULT_CHANGE_OPTIONS: CocoChangeOptions = { minScore: 0.5, iou: 0.5 };

function byImage(results: readonly CocoResult[], minScore: number): Map<number, CocoResult[]> {
  const m = new Map<number, CocoResult[]>();
  for (const r of results) {
    if (r.score < minScore || !r.bbox) continue;
    const list = m.get(r.image_id);
    if (list) list.push(r);
    else m.set(r.image_id, [r]);
  }
  return m;
}

const asDetection = (r: CocoResult): Detection => {
  const [x, y, w, h] = r.bbox!;
  return { box: [x, y, x + w, y + h], classId: r.category_id, score: r.score };
};

const changed = (r: CocoResult): CocoChangedDetection => ({ category_id: r.category_id, score: r.score, bbox: r.bbox! });

/** `images`: the images both runs predicted, in data set order (id and file name). */
export function cocoChanges(
  images: readonly { id: number; fileName: string }[],
  reference: readonly CocoResult[],
  candidate: readonly CocoResult[],
  o: CocoChangeOptions = DEFAULT_CHANGE_OPTIONS,
): CocoChange[] {
  const ref = byImage(reference, o.minScore);
  const cand = byImage(candidate, o.minScore);
  const out: CocoChange[] = [];
  for (const img of images) {
    const r = ref.get(img.id) ?? [];
    const c = cand.get(img.id) ?? [];
    const m = matchDetections(r.map(asDetection), c.map(asDetection), o.iou);
    if (m.unmatchedReference.length === 0 && m.unmatchedCandidate.length === 0) continue;
    out.push({
      image_id: img.id,
      file: img.fileName,
      reference: r.length,
      candidate: c.length,
      lost: m.unmatchedReference.map((i) => changed(r[i]!)),
      gained: m.unmatchedCandidate.map((i) => changed(c[i]!)),
    });
  }
  return out;
}
