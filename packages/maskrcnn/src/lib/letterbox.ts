/**
 * A torchvision Mask R-CNN export whose image input has a static size ([3,H,W] or [N,3,H,W] with numbers for H and
 * W, e.g. traced at 800×800 without dynamic axes) takes an already-resized image. torchvision's reference transform
 * (GeneralizedRCNNTransform: min_size 800, max_size 1333) keeps the aspect ratio and pads the batch bottom/right with
 * zeros after normalising; so a static export is fed the photo letterboxed: scaled (bilinear, F.interpolate,
 * align_corners=False) until it fits the static canvas with its aspect ratio kept, placed top-left, the rest filled
 * with the ImageNet mean (which the graph's normalisation turns into the reference's zero padding). Boxes are divided
 * by the scale; masks (pasted by the graph into the canvas) are cut to the photo's part and resized back. Pure.
 */
import { BenchError } from '@modelbench/core';
import { IMAGENET_MEAN, TORCHVISION_DETECTION_INPUT, preprocess, resizeTorchBilinear, type PreprocessPreset, type RgbImage } from '@modelbench/vision';

export interface CanvasSize {
  width: number;
  height: number;
}

/**
 * The photo's size inside the canvas: the side that limits fills it exactly, the other is round(side · scale) (at
 * least 1 pixel); scale = min(canvas W / w, canvas H / h).
 */
export function letterboxSize(width: number, height: number, canvas: CanvasSize): { width: number; height: number; scale: number } {
  const sx = canvas.width / width;
  const sy = canvas.height / height;
  if (sx <= sy) return { width: canvas.width, height: Math.min(canvas.height, Math.max(1, Math.round(height * sx))), scale: sx };
  return { width: Math.min(canvas.width, Math.max(1, Math.round(width * sy))), height: canvas.height, scale: sy };
}

export interface Letterboxed {
  /** [3, canvas H, canvas W] in [0, 1], the photo top-left, the rest the ImageNet mean */
  data: Float32Array;
  dims: number[];
  /** the photo's part of the canvas */
  resized: { width: number; height: number };
}

/** The photo scaled into the canvas (aspect kept) and padded with the ImageNet mean, as [0, 1] RGB CHW. */
export function letterbox(img: RgbImage, canvas: CanvasSize): Letterboxed {
  const size = letterboxSize(img.width, img.height, canvas);
  const preset: PreprocessPreset = { ...TORCHVISION_DETECTION_INPUT, id: 'letterbox', resize: { kind: 'exact', width: size.width, height: size.height }, interpolation: 'torch-bilinear' };
  const pre = preprocess(img, preset);
  const plane = canvas.width * canvas.height;
  const data = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    data.fill(IMAGENET_MEAN[c] as number, c * plane, (c + 1) * plane);
    for (let y = 0; y < size.height; y++) {
      const from = c * size.width * size.height + y * size.width;
      data.set(pre.data.subarray(from, from + size.width), c * plane + y * canvas.width);
    }
  }
  return { data, dims: [3, canvas.height, canvas.width], resized: { width: size.width, height: size.height } };
}

/**
 * One mask's probabilities over the canvas ([canvas H × canvas W]) back over the photo: the photo's top-left part,
 * resized bilinearly (F.interpolate, align_corners=False) to the photo's size.
 */
export function unletterboxMask(probabilities: Float32Array, canvas: CanvasSize, resized: { width: number; height: number }, photo: { width: number; height: number }): Float32Array {
  if (probabilities.length !== canvas.width * canvas.height) {
    throw new BenchError('INFERENCE_FAILED', `a mask of ${probabilities.length} values does not match the ${canvas.width}x${canvas.height} input`);
  }
  const part = new Float32Array(resized.width * resized.height);
  for (let y = 0; y < resized.height; y++) part.set(probabilities.subarray(y * canvas.width, y * canvas.width + resized.width), y * resized.width);
  return resizeTorchBilinear(part, 1, resized.height, resized.width, photo.height, photo.width);
}

/** One line for the output and the record: what a static input does to each photo. */
export function letterboxNote(canvas: CanvasSize): string {
  return `the model's input is static at ${canvas.width}x${canvas.height}: each photo is letterboxed into it (scaled with its aspect ratio kept, placed top-left, padded with the ImageNet mean as torchvision's transform pads with zeros after normalising) and the boxes and masks are mapped back to the photo`;
}
