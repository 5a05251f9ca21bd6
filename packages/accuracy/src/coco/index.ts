// COCO detection/segmentation scoring, computed as pycocotools' COCOeval computes it.
export * from './rle.ts';
export * from './mask.ts';
export * from './iou.ts';
export * from './annotations.ts';
export * from './segmentation.ts';
export * from './categories.ts';
export * from './results.ts';
export * from './params.ts';
export * from './evaluate.ts';
export * from './accumulate.ts';
export * from './summarize.ts';
export * from './coco-eval.ts';
export * from './score-coco.ts';
export * from './run-records.ts';
export * from './changes.ts';
export * from './dataset.ts';
export * from './image-record.ts';
