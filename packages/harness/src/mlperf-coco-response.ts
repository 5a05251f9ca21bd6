/**
 * A COCO image's detections as the reference vision app logs them (vision/classification_and_detection/python/coco.py
 * PostProcessCoco: one float32 7-tuple a detection, `[qsl_idx, ymin, xmin, ymax, xmax, score, label]`, the box
 * corners normalised by the image's height and width), which tools/accuracy-coco.py multiplies back by the size in
 * instances_val2017.json. The label is the COCO category id itself, so the script runs without --use-inv-map.
 * A result without a box (segmentation only) is not logged: the reference log holds boxes only. An image with no
 * detection logs no bytes, which the script counts as an image without results.
 */
import type { CocoImageRecord } from '@modelbench/accuracy';
import { float32Bytes } from '@modelbench/loadgen';

export function cocoMlperfResponse(record: CocoImageRecord, index: number, image: { width: number; height: number }): Uint8Array {
  const values: number[] = [];
  for (const r of record.results) {
    if (!r.bbox) continue;
    const [x, y, w, h] = r.bbox;
    values.push(index, y / image.height, x / image.width, (y + h) / image.height, (x + w) / image.width, r.score, r.category_id);
  }
  return float32Bytes(values);
}

/** tools/accuracy-coco.py on a side's log: the data set folder must hold annotations/instances_val2017.json. */
export const COCO_MLPERF_CHECK = 'python3 vision/classification_and_detection/tools/accuracy-coco.py --mlperf-accuracy-file {log} --coco-dir COCO_DIR';
