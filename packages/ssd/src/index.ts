export * from './adapters.ts';
export * from './agreement.ts';
export * from './inputs.ts';
export * from './performance.ts';
export * from './validate.ts';
