/** the suite's seeded generator lives in core; re-exported for the callers that import it from here */
export { Rng } from '@modelbench/core';
export * from './synthetic/types.ts';
export * from './synthetic/layers.ts';
export * from './synthetic/resnet50.ts';
export * from './synthetic/distilbert/index.ts';
export * from './synthetic/ssd300/index.ts';
export * from './cache-dir.ts';
export * from './catalogue/types.ts';
export * from './catalogue/catalogue.ts';
export * from './catalogue/resolve.ts';
export * from './catalogue/inventory.ts';
export * from './download/download.ts';
export * from './download/progress.ts';
export * from './synthetic-registry.ts';
export * from './synthetic-cache.ts';
export * from './synthetic/maskrcnn/index.ts';
