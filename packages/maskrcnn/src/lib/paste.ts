/**
 * The ONNX Model Zoo Mask R-CNN README's mask post-processing: a 28×28 probability map resized (bilinear) to its
 * box's integer size (x2 - x1 + 1) × (y2 - y1 + 1), thresholded, and copied into an empty full-image mask, clipped to
 * the image. (torchvision's own pasting happens inside its exported graph.)
 */
import { resizeTorchBilinear, type Box } from '@modelbench/vision';

export function pasteBoxMask(probabilities: Float32Array, side: number, box: Box, width: number, height: number, threshold: number): Uint8Array {
  const [x1, y1, x2, y2] = box.map((v) => Math.trunc(v)) as [number, number, number, number];
  const w = Math.max(x2 - x1 + 1, 1);
  const h = Math.max(y2 - y1 + 1, 1);
  const resized = resizeTorchBilinear(probabilities, 1, side, side, h, w);
  const out = new Uint8Array(width * height);
  const xStart = Math.max(x1, 0);
  const xEnd = Math.min(x2 + 1, width);
  const yStart = Math.max(y1, 0);
  const yEnd = Math.min(y2 + 1, height);
  for (let y = yStart; y < yEnd; y++) {
    for (let x = xStart; x < xEnd; x++) out[y * width + x] = (resized[(y - y1) * w + (x - x1)] as number) > threshold ? 1 : 0;
  }
  return out;
}
