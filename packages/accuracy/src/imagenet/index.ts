export * from './synset.ts';
export * from './dataset.ts';
export * from './topk.ts';
export * from './predictions.ts';
export * from './metrics.ts';
