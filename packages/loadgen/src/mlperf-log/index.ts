export * from './format.ts';
export * from './run.ts';
export * from './summary.ts';
export * from './detail.ts';
export * from './accuracy-log.ts';
export * from './write.ts';
