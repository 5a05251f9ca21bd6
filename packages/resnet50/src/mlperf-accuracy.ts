/**
 * ResNet50's responses in MLPerf's accuracy log, as the reference vision app writes them for ImageNet
 * (vision/classification_and_detection/python/main.py: `np.array(processed_results[idx], np.float32).tobytes()`,
 * processed by dataset.py's PostProcessCommon / PostProcessArgMax): one float32, the predicted class as an index
 * into val_map.txt's labels (0-based, the reference's offset already applied: this suite's models have 1000 classes),
 * qsl_idx the image's line in the labels file. tools/accuracy-imagenet.py reads it with its default --dtype float32.
 */
import type { ImagenetPrediction } from '@modelbench/accuracy';
import { float32Bytes, type MlperfAccuracyEncoder } from '@modelbench/harness';
import type { ImagenetItem } from './accuracy.ts';
import type { Classification } from './postprocess.ts';

export const resnet50MlperfAccuracy: MlperfAccuracyEncoder<Classification, ImagenetItem, ImagenetPrediction> = {
  indexing: 'sample',
  encode: (_prediction, _sample, record) => [float32Bytes([record.topk[0]!])],
  checkCommand: 'python3 vision/classification_and_detection/tools/accuracy-imagenet.py --mlperf-accuracy-file {log} --imagenet-val-file DATASET/val_map.txt --dtype float32',
};
