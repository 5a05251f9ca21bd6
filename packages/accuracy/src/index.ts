export * from './coco/index.ts';
