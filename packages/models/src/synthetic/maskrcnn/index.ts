export { MASKRCNN_BUILDER_VERSION, MASKRCNN_CONFIG, DEFAULT_DETECTIONS, type MaskRcnnOptions } from './config.ts';
export {
  buildMaskRcnn,
  checkDetections,
  phaseOfNode,
  MASKRCNN_PHASES,
  DEFAULT_CALIBRATION as MASKRCNN_DEFAULT_CALIBRATION,
  type MaskRcnnPhase,
  type MaskRcnnBuildOptions,
  type MaskRcnnDetails,
} from './build.ts';
export { ACTIVE_CLASS_PAIRS as MASKRCNN_ACTIVE_CLASS_PAIRS } from './predictor.ts';
export { torchvisionResizedSize } from './transform.ts';
export { phaseTimes, phaseOfKernel, type PhaseSplit, type PhaseTime } from './phase-times.ts';
export { maskRcnnMacsAt, featureSide, type MacsAtSize, type MacDetails } from './macs.ts';
