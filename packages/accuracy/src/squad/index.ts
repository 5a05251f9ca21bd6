export * from './normalize.ts';
export * from './dataset.ts';
export * from './answer-offsets.ts';
export * from './metrics-v1.ts';
export * from './metrics-v2.ts';
export * from './predictions.ts';
export * from './nbest.ts';
export * from './run-records.ts';
