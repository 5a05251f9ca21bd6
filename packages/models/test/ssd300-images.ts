/** Test images [3, H, W] in [0, 1]: noise (uniform, binary), constants, and a smooth photo-like pattern. */
import { Rng } from '@modelbench/core';

export interface TestImage {
  name: string;
  data: Float32Array;
  height: number;
  width: number;
}

export function uniformImage(seed: number, height: number, width: number): TestImage {
  const rng = new Rng(seed);
  return { name: `uniform ${height}×${width}`, data: Float32Array.from({ length: 3 * height * width }, () => rng.uniform()), height, width };
}

export function binaryImage(seed: number, height: number, width: number): TestImage {
  const rng = new Rng(seed);
  return { name: `binary noise ${height}×${width}`, data: Float32Array.from({ length: 3 * height * width }, () => (rng.uniform() < 0.5 ? 0 : 1)), height, width };
}

export function constantImage(value: number, height: number, width: number): TestImage {
  return { name: `constant ${value} ${height}×${width}`, data: new Float32Array(3 * height * width).fill(value), height, width };
}

/** Low-frequency sinusoids and a gradient per channel, with soft edges: closer to a photo's statistics than noise. */
export function smoothImage(seed: number, height: number, width: number): TestImage {
  const rng = new Rng(seed);
  const data = new Float32Array(3 * height * width);
  for (let c = 0; c < 3; c++) {
    const waves = Array.from({ length: 4 }, () => ({ fx: rng.uniform() * 0.05, fy: rng.uniform() * 0.05, phase: rng.uniform() * 6.28, amp: 0.1 + 0.1 * rng.uniform() }));
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let v = 0.3 + (0.3 * (x + y)) / (width + height);
        for (const w of waves) v += w.amp * Math.sin(w.fx * x + w.fy * y + w.phase);
        data[c * height * width + y * width + x] = Math.min(1, Math.max(0, v));
      }
    }
  }
  return { name: `smooth ${height}×${width}`, data, height, width };
}
