/**
 * torchvision 0.14 `maskrcnn_resnet50_fpn` hyper-parameters (the defaults of MaskRCNN / FasterRCNN /
 * GeneralizedRCNNTransform / RegionProposalNetwork / RoIHeads), as data.
 */
export const MASKRCNN_BUILDER_VERSION = 3;

export const MASKRCNN_CONFIG = {
  /** GeneralizedRCNNTransform */
  minSize: 800,
  maxSize: 1333,
  imageMean: [0.485, 0.456, 0.406],
  imageStd: [0.229, 0.224, 0.225],
  sizeDivisible: 32,
  /** FPN */
  fpnChannels: 256,
  /** AnchorGenerator: one size per level (P2..P6), three aspect ratios */
  anchorSizes: [32, 64, 128, 256, 512],
  aspectRatios: [0.5, 1.0, 2.0],
  /** RPN at test time */
  rpnPreNmsTopN: 1000,
  rpnPostNmsTopN: 1000,
  rpnNmsThresh: 0.7,
  rpnMinSize: 1e-3,
  /** BoxCoder clamp of dw/dh */
  bboxXformClip: Math.log(1000 / 16),
  /** MultiScaleRoIAlign over P2..P5 */
  boxRoiSize: 7,
  maskRoiSize: 14,
  samplingRatio: 2,
  canonicalScale: 224,
  canonicalLevel: 4,
  levelMapperEps: 1e-6,
  /** TwoMLPHead + FastRCNNPredictor */
  representationSize: 1024,
  numClasses: 91,
  boxRegWeights: [10, 10, 5, 5],
  boxScoreThresh: 0.05,
  boxNmsThresh: 0.5,
  /** torchvision's `box_detections_per_img` default */
  boxDetectionsPerImg: 100,
  boxMinSize: 1e-2,
  /** MaskRCNNHeads + MaskRCNNPredictor */
  maskLayers: [256, 256, 256, 256],
  maskPredictorChannels: 256,
  /** paste_masks_in_image */
  pastePadding: 1,
  /** FrozenBatchNorm2d */
  frozenBnEps: 1e-5,
} as const;

/** Default number of detections the synthetic weights are calibrated for (the realistic default). */
export const DEFAULT_DETECTIONS = 20;

export interface MaskRcnnOptions {
  seed?: number;
  /**
   * Detections per image, exactly, on any input: the graph keeps the top `detections` (torchvision's
   * `box_detections_per_img`) and the class-logit biases guarantee more candidates than that survive the 0.05
   * threshold and NMS. 1..100; 100 is torchvision's default cap.
   */
  detections?: number;
  /** Image side the MAC count refers to (square, already a multiple of 32); default 800. */
  macImageSize?: number;
}
