export * from './coco/index.ts';
export * from './squad/index.ts';
export * from './imagenet/index.ts';
export * from './score/index.ts';
