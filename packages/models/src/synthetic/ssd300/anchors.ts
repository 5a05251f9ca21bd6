/**
 * torchvision's DefaultBoxGenerator for SSD300, as pure functions. Boxes are ordered level by level, then row-major over
 * the feature map, then by width-height pair — the order of the heads' (N, H·W·A, K) outputs. Arithmetic follows
 * torch's float32 steps (Math.fround) so the constants equal the ones torchvision computes.
 */
import { SSD300_ASPECT_RATIOS, SSD300_FEATURE_SIZES, SSD300_SCALES, SSD300_SIZE, SSD300_STEPS } from './config.ts';

const f32 = Math.fround;

/** Width-height pairs (relative to the image) of one level: (s_k, s_k), (s'_k, s'_k), then (w, h), (h, w) per ratio. */
export function defaultBoxShapes(level: number): [number, number][] {
  const s = SSD300_SCALES[level] as number;
  const sPrime = Math.sqrt(s * (SSD300_SCALES[level + 1] as number));
  const pairs: [number, number][] = [
    [s, s],
    [sPrime, sPrime],
  ];
  for (const ar of SSD300_ASPECT_RATIOS[level] as readonly number[]) {
    const sq = Math.sqrt(ar);
    pairs.push([s * sq, s / sq], [s / sq, s * sq]);
  }
  // torch.as_tensor(float32), then clamp(0, 1) (clip=True)
  return pairs.map(([w, h]) => [Math.min(1, f32(w)), Math.min(1, f32(h))]);
}

/** All 8,732 default boxes as [x1, y1, x2, y2] in pixels of the 300×300 resized image. */
export function defaultBoxesXyxy(imageSize = SSD300_SIZE, featureSizes: readonly number[] = SSD300_FEATURE_SIZES): Float32Array {
  const out: number[] = [];
  featureSizes.forEach((side, level) => {
    const fk = imageSize / (SSD300_STEPS[level] as number); // x_f_k = image_size / steps[k] (python float)
    const shapes = defaultBoxShapes(level);
    for (let row = 0; row < side; row++) {
      const cy = f32((row + 0.5) / fk);
      for (let col = 0; col < side; col++) {
        const cx = f32((col + 0.5) / fk);
        for (const [w, h] of shapes) {
          const hw = f32(0.5 * w);
          const hh = f32(0.5 * h);
          out.push(f32(f32(cx - hw) * imageSize), f32(f32(cy - hh) * imageSize), f32(f32(cx + hw) * imageSize), f32(f32(cy + hh) * imageSize));
        }
      }
    }
  });
  return Float32Array.from(out);
}

/** The same boxes as BoxCoder.decode_single sees them: [ctr_x, ctr_y, width, height], float32. */
export function anchorCentresAndSizes(xyxy: Float32Array): Float32Array {
  const out = new Float32Array(xyxy.length);
  for (let i = 0; i < xyxy.length; i += 4) {
    const w = f32((xyxy[i + 2] as number) - (xyxy[i] as number));
    const h = f32((xyxy[i + 3] as number) - (xyxy[i + 1] as number));
    out[i] = f32((xyxy[i] as number) + f32(0.5 * w));
    out[i + 1] = f32((xyxy[i + 1] as number) + f32(0.5 * h));
    out[i + 2] = w;
    out[i + 3] = h;
  }
  return out;
}
