/**
 * Mask R-CNN's responses in MLPerf's accuracy log: the boxes of each image's kept instances in the reference vision
 * app's COCO layout (float32 [qsl_idx, ymin, xmin, ymax, xmax, score, category id], normalised; harness
 * cocoMlperfResponse). MLPerf's accuracy log has no masks, so tools/accuracy-coco.py scores bbox only; segm is
 * scored by the suite's own files.
 */
import type { CocoImageRecord } from '@modelbench/accuracy';
import { COCO_MLPERF_CHECK, cocoMlperfResponse, type MlperfAccuracyEncoder } from '@modelbench/harness';
import type { Instance } from './lib/instance.ts';
import type { MaskRcnnAccuracyItem } from './accuracy.ts';

export const maskRcnnMlperfAccuracy: MlperfAccuracyEncoder<Instance[], MaskRcnnAccuracyItem, CocoImageRecord> = {
  indexing: 'sample',
  encode: (_instances, item, record, index) => [cocoMlperfResponse(record, index, item.meta.image)],
  checkCommand: COCO_MLPERF_CHECK,
};
