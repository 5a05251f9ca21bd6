export * from './workload.ts';
export * from './adapters.ts';
export * from './samples.ts';
export * from './preprocess.ts';
export * from './postprocess.ts';
export * from './agreement.ts';
export * from './report.ts';
export * from './performance.ts';
