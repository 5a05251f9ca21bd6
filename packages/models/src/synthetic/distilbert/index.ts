export * from './config.ts';
export * from './build.ts';
export { FLOAT32_LOWEST } from './attention.ts';
export type { WeightInit } from './ops.ts';
