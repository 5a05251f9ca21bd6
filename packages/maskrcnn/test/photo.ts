/** A 64×48 test photo: bright left half, dark right half (the tiny models' masks follow the brightness). */
import { createRgbImage, writePng } from '@modelbench/vision';

export async function writeTestPhoto(path: string): Promise<void> {
  const img = createRgbImage(64, 48, [30, 40, 50]);
  for (let y = 0; y < 48; y++) for (let x = 0; x < 32; x++) img.data.set([220, 210, 200], (y * 64 + x) * 3);
  await writePng(path, img);
}
