/**
 * validate's pictures: detections above the score threshold drawn with COCO class names and scores on each photo,
 * per precision, and both side by side. The first photo also gives validate_fp32.png, validate_<candidate>.png and
 * validate_side_by_side.png.
 */
import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { BenchError } from '@modelbench/core';
import { composeSideBySide, drawDetections, writePng, type Detection, type RgbImage } from '@modelbench/vision';
import { className } from './labels.ts';

export function ensureOutDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new BenchError('IO', `cannot create the output folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'choose a writable --out-dir' });
  }
}

function drawable(dets: readonly Detection[]): { box: Detection['box']; classId: number; label: string; score: number }[] {
  return dets.map((d) => ({ box: d.box, classId: d.classId, label: className(d.classId), score: d.score }));
}

/** Writes the PNGs for one photo; returns the paths written. */
export async function drawImage(
  outDir: string,
  photo: { name: string; image: RgbImage },
  reference: readonly Detection[],
  candidate: readonly Detection[],
  candidateLabel: string,
  first: boolean,
): Promise<string[]> {
  const stem = basename(photo.name, extname(photo.name)).replace(/[^A-Za-z0-9._-]/g, '_');
  const ref = await drawDetections(photo.image, drawable(reference));
  const cand = await drawDetections(photo.image, drawable(candidate));
  const both = await composeSideBySide([
    { image: ref, title: `fp32: ${reference.length} detections` },
    { image: cand, title: `${candidateLabel}: ${candidate.length} detections` },
  ]);
  const written: [string, RgbImage][] = [[join(outDir, `${stem}_side_by_side.png`), both]];
  if (first) {
    written.push([join(outDir, 'validate_fp32.png'), ref], [join(outDir, `validate_${candidateLabel.replace(/\s+/g, '_')}.png`), cand], [join(outDir, 'validate_side_by_side.png'), both]);
  }
  for (const [path, img] of written) await writePng(path, img);
  return written.map(([p]) => p);
}
