/**
 * validate's pictures: each instance's mask (probability > 0.5) blended into the photo with weight 0.6 as the
 * original did, then its box with class name and score; per precision, and both side by side. The first photo also
 * gives validate_fp32.png, validate_<candidate>.png and validate_side_by_side.png.
 */
import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { BenchError } from '@modelbench/core';
import { DEFAULT_MASK_ALPHA, blendMasks, composeSideBySide, drawDetections, paletteColour, writePng, type RgbImage } from '@modelbench/vision';
import type { Instance } from './instance.ts';
import { className } from './labels.ts';

export function ensureOutDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new BenchError('IO', `cannot create the output folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'choose a writable --out-dir' });
  }
}

/** Masks blended (lowest score first, so the best instance is on top), then boxes and labels. */
export async function drawInstances(image: RgbImage, instances: readonly Instance[]): Promise<RgbImage> {
  const ordered = [...instances].sort((a, b) => a.score - b.score);
  const blended = blendMasks(image, ordered.map((d) => ({ mask: d.mask, colour: paletteColour(d.classId) })), DEFAULT_MASK_ALPHA);
  return drawDetections(blended, instances.map((d) => ({ box: d.box, classId: d.classId, label: className(d.classId), score: d.score })));
}

/** Writes the PNGs for one photo; returns the paths written. */
export async function drawPhoto(
  outDir: string,
  photo: { name: string; image: RgbImage },
  reference: readonly Instance[],
  candidate: readonly Instance[],
  candidateLabel: string,
  first: boolean,
): Promise<string[]> {
  const stem = basename(photo.name, extname(photo.name)).replace(/[^A-Za-z0-9._-]/g, '_');
  const ref = await drawInstances(photo.image, reference);
  const cand = await drawInstances(photo.image, candidate);
  const both = await composeSideBySide([
    { image: ref, title: `fp32: ${reference.length} instances` },
    { image: cand, title: `${candidateLabel}: ${candidate.length} instances` },
  ]);
  const written: [string, RgbImage][] = [[join(outDir, `${stem}_side_by_side.png`), both]];
  if (first) {
    const label = candidateLabel.replace(/\s+/g, '_');
    written.push([join(outDir, 'validate_fp32.png'), ref], [join(outDir, `validate_${label}.png`), cand], [join(outDir, 'validate_side_by_side.png'), both]);
  }
  for (const [path, img] of written) await writePng(path, img);
  return written.map(([p]) => p);
}
