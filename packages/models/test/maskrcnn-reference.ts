/**
 * Plain-loop TypeScript ports of the torchvision 0.14 functions the Mask R-CNN graph vectorises, written from the
 * Python source, step by step in float32 (Math.fround) — the references the subgraph tests compare against.
 */

const f = Math.fround;

/** roi_heads.paste_mask_in_image after expand_masks / expand_boxes(padding=1), for one M×M mask. */
export function referencePaste(mask: Float32Array, maskSide: number, box: readonly number[], imageHeight: number, imageWidth: number): Float32Array {
  const side = maskSide + 2;
  const padded = new Float32Array(side * side);
  for (let i = 0; i < maskSide; i++) for (let j = 0; j < maskSide; j++) padded[(i + 1) * side + j + 1] = mask[i * maskSide + j] as number;
  const scale = f(side / maskSide);
  const [x1, y1, x2, y2] = box.map(f) as [number, number, number, number];
  const wHalf = f(f(f(x2 - x1) * 0.5) * scale);
  const hHalf = f(f(f(y2 - y1) * 0.5) * scale);
  const xc = f(f(x2 + x1) * 0.5);
  const yc = f(f(y2 + y1) * 0.5);
  const b = [f(xc - wHalf), f(yc - hHalf), f(xc + wHalf), f(yc + hHalf)].map(Math.trunc) as [number, number, number, number];
  const w = Math.max(b[2] - b[0] + 1, 1);
  const h = Math.max(b[3] - b[1] + 1, 1);

  // F.interpolate(mask, size=(h, w), mode="bilinear", align_corners=False)
  const source = (dst: number, outSize: number): { i0: number; i1: number; lambda: number } => {
    const s = Math.max(f(f(f(side / outSize) * f(dst + 0.5)) - 0.5), 0);
    const i0 = Math.floor(s);
    return { i0, i1: i0 < side - 1 ? i0 + 1 : i0, lambda: f(s - i0) };
  };
  const resized = new Float32Array(h * w);
  for (let oy = 0; oy < h; oy++) {
    const sy = source(oy, h);
    for (let ox = 0; ox < w; ox++) {
      const sx = source(ox, w);
      const at = (yy: number, xx: number): number => padded[yy * side + xx] as number;
      const top = (1 - sx.lambda) * at(sy.i0, sx.i0) + sx.lambda * at(sy.i0, sx.i1);
      const bottom = (1 - sx.lambda) * at(sy.i1, sx.i0) + sx.lambda * at(sy.i1, sx.i1);
      resized[oy * w + ox] = (1 - sy.lambda) * top + sy.lambda * bottom;
    }
  }

  const image = new Float32Array(imageHeight * imageWidth);
  const x0 = Math.max(b[0], 0);
  const xEnd = Math.min(b[2] + 1, imageWidth);
  const y0 = Math.max(b[1], 0);
  const yEnd = Math.min(b[3] + 1, imageHeight);
  for (let y = y0; y < yEnd; y++) for (let x = x0; x < xEnd; x++) image[y * imageWidth + x] = resized[(y - b[1]) * w + (x - b[0])] as number;
  return image;
}

/** BoxCoder.decode_single for one box and one delta row. */
export function referenceDecode(delta: readonly number[], box: readonly number[], weights: readonly number[]): number[] {
  const clip = Math.log(1000 / 16);
  const width = f(box[2]! - box[0]!);
  const height = f(box[3]! - box[1]!);
  const cx = f(box[0]! + f(0.5 * width));
  const cy = f(box[1]! + f(0.5 * height));
  const dx = f(delta[0]! / weights[0]!);
  const dy = f(delta[1]! / weights[1]!);
  const dw = Math.min(f(delta[2]! / weights[2]!), f(clip));
  const dh = Math.min(f(delta[3]! / weights[3]!), f(clip));
  const px = f(f(dx * width) + cx);
  const py = f(f(dy * height) + cy);
  const pw = f(f(Math.exp(dw)) * width);
  const ph = f(f(Math.exp(dh)) * height);
  return [f(px - f(0.5 * pw)), f(py - f(0.5 * ph)), f(px + f(0.5 * pw)), f(py + f(0.5 * ph))];
}

// Test images are shared with the SSD tests.
export { constantImage, smoothImage, type TestImage } from './ssd300-images.ts';
