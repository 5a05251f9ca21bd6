/**
 * A torchvision SSD export whose image input has a static size ([3,H,W] or [N,3,H,W] with numbers for H and W, e.g.
 * a torch.onnx.export traced at 300×300 without dynamic axes) takes an already-resized image: any other photo would
 * fail inside onnxruntime. SSD300's own transform (GeneralizedRCNNTransform with fixed_size=(300, 300)) resizes every
 * image to its fixed size without keeping the aspect ratio, bilinearly (F.interpolate, align_corners=False), and
 * maps the boxes back by the per-axis ratio; a static export is fed the same way at its own size. Pure.
 */
import { TORCHVISION_DETECTION_INPUT, type PreprocessPreset } from '@modelbench/vision';

/** [0,1] RGB CHW, resized to exactly width × height as SSD300's transform does (aspect ratio not kept). */
export function staticResizePreset(size: { width: number; height: number }): PreprocessPreset {
  return {
    ...TORCHVISION_DETECTION_INPUT,
    id: `torchvision-detection-static-${size.width}x${size.height}`,
    description: `bilinear resize to the model's static ${size.width}x${size.height} (F.interpolate, aspect ratio not kept, as SSD300's transform), /255 to [0,1], RGB, CHW`,
    resize: { kind: 'exact', width: size.width, height: size.height },
    interpolation: 'torch-bilinear',
  };
}

/** One line for the output and the record: what a static input does to each photo. */
export function staticInputNote(size: { width: number; height: number }): string {
  return `the model's input is static at ${size.width}x${size.height}: each photo is resized to it (plain bilinear resize, aspect ratio not kept, as SSD300's own transform does) and the boxes are scaled back to the photo`;
}
