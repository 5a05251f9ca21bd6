export * from './config.ts';
export * from './anchors.ts';
export * from './calibration.ts';
export * from './hot-groups.ts';
export * from './build.ts';
export * from './stages.ts';
