export * from './adapters.ts';
export * from './agreement.ts';
export type { Instance } from './instance.ts';
export { pasteBoxMask } from './paste.ts';
export { maskRcnnPerformanceSpec, maskRcnnPerformanceFlags } from './performance.ts';
export { maskRcnnValidateFlags, DEFAULT_PHOTOS } from './validate.ts';
