/** Boxes with class names and scores drawn onto a copy of a photo, for validate's PNGs. */
import type { Box } from './boxes.ts';
import { drawTextMaskInPlace, fillRectInPlace, strokeRectInPlace } from './draw.ts';
import { cloneRgbImage } from './image.ts';
import type { Rgb, RgbImage } from './image.ts';
import { paletteColour, textColourOn } from './palette.ts';
import { rasterizeText } from './text.ts';
import type { FontSizePx } from './text.ts';

export interface DrawableDetection {
  /** (x1, y1, x2, y2) in the image's pixels. */
  box: Box;
  classId: number;
  label: string;
  score: number;
  /** default: paletteColour(classId). */
  colour?: Rgb;
}

export interface DrawDetectionsOptions {
  lineWidthPx?: number;
  fontSizePx?: FontSizePx;
  /** digits of the score in the label; -1 leaves the score out. */
  scoreDigits?: number;
}

/** Label text as drawn: `dog 0.93`. */
export function detectionLabelText(d: DrawableDetection, scoreDigits = 2): string {
  return scoreDigits < 0 ? d.label : `${d.label} ${d.score.toFixed(scoreDigits)}`;
}

/**
 * Draws each detection's outline and, at its top-left corner, a filled tag in the box colour with the label in black
 * or white. The tag sits above the box when there is room, otherwise just inside it. Lowest scores are drawn first so
 * the most confident boxes end up on top. Returns a new image.
 */
export async function drawDetections(
  img: RgbImage,
  detections: readonly DrawableDetection[],
  opts: DrawDetectionsOptions = {},
): Promise<RgbImage> {
  const out = cloneRgbImage(img);
  const lineWidth = opts.lineWidthPx ?? Math.max(2, Math.round(Math.min(img.width, img.height) / 250));
  const fontSize = opts.fontSizePx ?? 16;
  const ordered = [...detections].sort((a, b) => a.score - b.score);
  for (const d of ordered) {
    const colour = d.colour ?? paletteColour(d.classId);
    const x0 = Math.max(0, Math.min(img.width - 1, Math.round(d.box[0])));
    const y0 = Math.max(0, Math.min(img.height - 1, Math.round(d.box[1])));
    const x1 = Math.max(x0, Math.min(img.width - 1, Math.round(d.box[2])));
    const y1 = Math.max(y0, Math.min(img.height - 1, Math.round(d.box[3])));
    strokeRectInPlace(out, x0, y0, x1, y1, colour, lineWidth);
    const text = await rasterizeText(detectionLabelText(d, opts.scoreDigits ?? 2), fontSize);
    const padX = 3;
    const tagW = text.width + 2 * padX;
    const tagH = text.height;
    const tagX = Math.max(0, Math.min(x0, img.width - tagW));
    const tagY = y0 - tagH >= 0 ? y0 - tagH : y0;
    fillRectInPlace(out, tagX, tagY, tagX + tagW, tagY + tagH, colour);
    drawTextMaskInPlace(out, text, tagX + padX, tagY, textColourOn(colour));
  }
  return out;
}
