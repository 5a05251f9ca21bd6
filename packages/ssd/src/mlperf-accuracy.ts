/**
 * SSD's responses in MLPerf's accuracy log: each image's kept detections as the reference vision app's COCO
 * post-processing logs them (float32 [qsl_idx, ymin, xmin, ymax, xmax, score, category id], boxes normalised by the
 * image size; harness cocoMlperfResponse), qsl_idx the image's place in the annotations' `images` list — what
 * tools/accuracy-coco.py reads without --use-inv-map and without --remove-48-empty-images.
 */
import type { CocoImageRecord } from '@modelbench/accuracy';
import { COCO_MLPERF_CHECK, cocoMlperfResponse, type MlperfAccuracyEncoder } from '@modelbench/harness';
import type { Detection } from '@modelbench/vision';
import type { SsdAccuracyItem } from './accuracy.ts';

export const ssdMlperfAccuracy: MlperfAccuracyEncoder<Detection[], SsdAccuracyItem, CocoImageRecord> = {
  indexing: 'sample',
  encode: (_detections, item, record, index) => [cocoMlperfResponse(record, index, item.meta.image)],
  checkCommand: COCO_MLPERF_CHECK,
};
