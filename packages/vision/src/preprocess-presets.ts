/**
 * Pre-processing as data (size, resize mode, crop, mean, std, layout, scale), one preset per model family. The
 * pipeline that runs a preset is `preprocess.ts`.
 */
import type { TensorConversion, Triple } from './tensor.ts';

export type ResizeSpec =
  /** keep the image's size. */
  | { kind: 'none' }
  /** torchvision `Resize(size)`: shorter side = size, longer = int(size · long / short). */
  | { kind: 'shorter-side'; size: number }
  /** a fixed size, aspect ratio not kept. */
  | { kind: 'exact'; width: number; height: number }
  /** Zoo Mask R-CNN README: ratio = size / min(w, h), new size (int(ratio·w), int(ratio·h)). */
  | { kind: 'shorter-side-ratio'; size: number }
  /** torchvision GeneralizedRCNNTransform: scale = min(min/short, max/long) in float32, new side = floor(side·scale). */
  | { kind: 'min-max'; min: number; max: number };

export interface PreprocessPreset {
  id: string;
  description: string;
  resize: ResizeSpec;
  /**
   * 'pil-bilinear' resizes the uint8 image (Pillow, antialiased when shrinking) before the float conversion;
   * 'torch-bilinear' converts first and resizes the normalised float tensor (F.interpolate, no antialias), which is
   * the order of torchvision's detection transforms.
   */
  interpolation: 'pil-bilinear' | 'torch-bilinear';
  /** centre crop after the resize (torchvision CenterCrop rounding); only with 'pil-bilinear'. */
  crop: { width: number; height: number } | null;
  tensor: TensorConversion;
  /** zero-pad bottom/right to a multiple of this (1: no padding). */
  padToMultiple: number;
}

export const IMAGENET_MEAN: Triple = [0.485, 0.456, 0.406];
export const IMAGENET_STD: Triple = [0.229, 0.224, 0.225];

const imagenetTensor: TensorConversion = { divideBy: 255, mean: IMAGENET_MEAN, std: IMAGENET_STD, channelOrder: 'RGB', layout: 'CHW' };

/**
 * torchvision's ImageNet evaluation transform of the IMAGENET1K_V1 weights (and the classic recipe the Zoo's ResNets
 * follow): Resize(256), CenterCrop(224), ToTensor, Normalize.
 */
export const TORCHVISION_IMAGENET: PreprocessPreset = {
  id: 'torchvision-imagenet',
  description: 'shorter side 256 (PIL bilinear), centre crop 224, /255, ImageNet mean/std, CHW',
  resize: { kind: 'shorter-side', size: 256 },
  interpolation: 'pil-bilinear',
  crop: { width: 224, height: 224 },
  tensor: imagenetTensor,
  padToMultiple: 1,
};

/**
 * torchvision's IMAGENET1K_V2 weights (`ResNet50_Weights.IMAGENET1K_V2.transforms()` = ImageClassification with
 * resize_size 232): Resize(232) bilinear with antialias (PIL's resize always antialiases), CenterCrop(224), ToTensor,
 * Normalize. Accuracy figures of the V2 weights (80.858 % top-1) hold with this preset only.
 */
export const TORCHVISION_IMAGENET_V2: PreprocessPreset = {
  id: 'torchvision-imagenet-v2',
  description: 'shorter side 232 (PIL bilinear, antialiased), centre crop 224, /255, ImageNet mean/std, CHW',
  resize: { kind: 'shorter-side', size: 232 },
  interpolation: 'pil-bilinear',
  crop: { width: 224, height: 224 },
  tensor: imagenetTensor,
  padToMultiple: 1,
};

/** The original benchmark's validate: straight to 224×224 (aspect ratio not kept), then ToTensor and Normalize. */
export const ORIGINAL_DIRECT_224: PreprocessPreset = {
  id: 'direct-224',
  description: 'resize to 224x224 (PIL bilinear, aspect ratio not kept), /255, ImageNet mean/std, CHW',
  resize: { kind: 'exact', width: 224, height: 224 },
  interpolation: 'pil-bilinear',
  crop: null,
  tensor: imagenetTensor,
  padToMultiple: 1,
};

/** Input of a torchvision detection export (`images` float [3,H,W] in [0,1]); the model resizes and normalises. */
export const TORCHVISION_DETECTION_INPUT: PreprocessPreset = {
  id: 'torchvision-detection-input',
  description: 'no resize, /255 to [0,1], RGB, CHW (the model does its own transform)',
  resize: { kind: 'none' },
  interpolation: 'pil-bilinear',
  crop: null,
  tensor: { divideBy: 255, mean: [0, 0, 0], std: [1, 1, 1], channelOrder: 'RGB', layout: 'CHW' },
  padToMultiple: 1,
};

/** What ssd300_vgg16's GeneralizedRCNNTransform does inside the model: normalise, then resize to 300×300. */
export const TORCHVISION_SSD300_TRANSFORM: PreprocessPreset = {
  id: 'torchvision-ssd300-transform',
  description: '/255, mean [0.48235,0.45882,0.40784], std 1/255, then bilinear 300x300 (F.interpolate), CHW',
  resize: { kind: 'exact', width: 300, height: 300 },
  interpolation: 'torch-bilinear',
  crop: null,
  tensor: { divideBy: 255, mean: [0.48235, 0.45882, 0.40784], std: [1 / 255, 1 / 255, 1 / 255], channelOrder: 'RGB', layout: 'CHW' },
  padToMultiple: 1,
};

/** What maskrcnn_resnet50_fpn's GeneralizedRCNNTransform does: normalise, resize (800, ≤1333), pad to 32. */
export const TORCHVISION_RCNN_TRANSFORM: PreprocessPreset = {
  id: 'torchvision-rcnn-transform',
  description: '/255, ImageNet mean/std, then bilinear to shorter side 800 / longer at most 1333 (F.interpolate), pad to 32',
  resize: { kind: 'min-max', min: 800, max: 1333 },
  interpolation: 'torch-bilinear',
  crop: null,
  tensor: imagenetTensor,
  padToMultiple: 32,
};

/** ONNX Model Zoo ssd-12 README: resize to 1200×1200 bilinear, /255, ImageNet mean/std, NCHW. */
export const ZOO_SSD_1200: PreprocessPreset = {
  id: 'zoo-ssd-1200',
  description: 'resize to 1200x1200 (PIL bilinear), /255, ImageNet mean/std, CHW',
  resize: { kind: 'exact', width: 1200, height: 1200 },
  interpolation: 'pil-bilinear',
  crop: null,
  tensor: imagenetTensor,
  padToMultiple: 1,
};

/** ONNX Model Zoo MaskRCNN-12 README: shorter side 800, BGR 0–255 minus mean (no std), CHW, zero-pad to 32. */
export const ZOO_MASKRCNN: PreprocessPreset = {
  id: 'zoo-maskrcnn',
  description: 'shorter side 800 (PIL bilinear, int(ratio*side)), BGR 0-255 minus [102.9801,115.9465,122.7717], CHW, pad to 32',
  resize: { kind: 'shorter-side-ratio', size: 800 },
  interpolation: 'pil-bilinear',
  crop: null,
  tensor: { divideBy: 1, mean: [102.9801, 115.9465, 122.7717], std: [1, 1, 1], channelOrder: 'BGR', layout: 'CHW' },
  padToMultiple: 32,
};

export const PREPROCESS_PRESETS: readonly PreprocessPreset[] = [
  TORCHVISION_IMAGENET,
  TORCHVISION_IMAGENET_V2,
  ORIGINAL_DIRECT_224,
  TORCHVISION_DETECTION_INPUT,
  TORCHVISION_SSD300_TRANSFORM,
  TORCHVISION_RCNN_TRANSFORM,
  ZOO_SSD_1200,
  ZOO_MASKRCNN,
];

/** The preset with this id, or undefined (catalogue entries name their preset by id). */
export function findPreprocessPreset(id: string): PreprocessPreset | undefined {
  return PREPROCESS_PRESETS.find((p) => p.id === id);
}
