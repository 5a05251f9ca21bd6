export * from './types.ts';
export * from './protobuf.ts';
export * from './serialize.ts';
export * from './graph-builder.ts';
export * from './bf16.ts';
export * from './bf16-emulation.ts';
export * from './model-info.ts';
export * from './proto-model.ts';
