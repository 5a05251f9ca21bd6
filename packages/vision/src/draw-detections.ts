/** Boxes with class names and scores drawn onto a copy of a photo, for validate's PNGs. */
import type { Box } from './boxes.ts';
import { drawTextMaskInPlace, fillRectInPlace, strokeRectInPlace } from './draw.ts';
import { cloneRgbImage } from './image.ts';
import type { Rgb, RgbImage } from './image.ts';
import { paletteColour, textColourOn } from './palette.ts';
import { rasterizeText } from './text.ts';
import type { FontSizePx, TextMask } from './text.ts';
import { placeTags } from './draw-label-layout.ts';

export interface DrawableDetection {
  /** (x1, y1, x2, y2) in the image's pixels. */
  box: Box;
  classId: number;
  label: string;
  score: number;
  /** default: paletteColour(classId). */
  colour?: Rgb;
  /**
   * Marks a detection that only this precision found (no match in the other): a dashed outline and the mark after
   * the label, e.g. `only fp32`.
   */
  unmatchedMark?: string;
}

export interface DrawDetectionsOptions {
  lineWidthPx?: number;
  fontSizePx?: FontSizePx;
  /** digits of the score in the label; -1 leaves the score out. */
  scoreDigits?: number;
  /** a line drawn across the top of the picture, e.g. `synthetic weights: the detections mean nothing` */
  banner?: string;
}

/** Label text as drawn: `dog 0.93`. */
export function detectionLabelText(d: DrawableDetection, scoreDigits = 2): string {
  const text = scoreDigits < 0 ? d.label : `${d.label} ${d.score.toFixed(scoreDigits)}`;
  return d.unmatchedMark ? `${text} (${d.unmatchedMark})` : text;
}

/** A dashed outline: the outline's pixels kept in runs of `dashPx`, every other run left out. */
function strokeDashedRectInPlace(img: RgbImage, x0: number, y0: number, x1: number, y1: number, c: Rgb, width: number, dashPx: number): void {
  for (let x = x0; x <= x1; x += 2 * dashPx) {
    const xe = Math.min(x1 + 1, x + dashPx);
    fillRectInPlace(img, x, y0, xe, y0 + width, c);
    fillRectInPlace(img, x, y1 - width + 1, xe, y1 + 1, c);
  }
  for (let y = y0; y <= y1; y += 2 * dashPx) {
    const ye = Math.min(y1 + 1, y + dashPx);
    fillRectInPlace(img, x0, y, x0 + width, ye, c);
    fillRectInPlace(img, x1 - width + 1, y, x1 + 1, ye, c);
  }
}

/**
 * Draws each detection's outline (dashed for one only this precision found), then for each a filled tag in the box
 * colour with the label in black or white. Tags go above the box when there is room, otherwise inside it, and never
 * over another tag while a free spot is near (draw-label-layout.ts). Lowest scores are drawn first so the most
 * confident boxes end up on top. An optional banner goes across the top. Returns a new image.
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
  const padX = 3;
  const texts = await Promise.all(ordered.map((d) => rasterizeText(detectionLabelText(d, opts.scoreDigits ?? 2), fontSize)));
  const places = placeTags(
    ordered.map((d, i) => ({ box: d.box, widthPx: (texts[i] as TextMask).width + 2 * padX, heightPx: (texts[i] as TextMask).height, score: d.score })),
    img.width,
    img.height,
  );
  for (const d of ordered) {
    const colour = d.colour ?? paletteColour(d.classId);
    const x0 = Math.max(0, Math.min(img.width - 1, Math.round(d.box[0])));
    const y0 = Math.max(0, Math.min(img.height - 1, Math.round(d.box[1])));
    const x1 = Math.max(x0, Math.min(img.width - 1, Math.round(d.box[2])));
    const y1 = Math.max(y0, Math.min(img.height - 1, Math.round(d.box[3])));
    if (d.unmatchedMark) strokeDashedRectInPlace(out, x0, y0, x1, y1, colour, lineWidth, Math.max(4, lineWidth * 3));
    else strokeRectInPlace(out, x0, y0, x1, y1, colour, lineWidth);
  }
  for (const [i, d] of ordered.entries()) {
    const colour = d.colour ?? paletteColour(d.classId);
    const text = texts[i] as TextMask;
    const { x, y } = places[i] as { x: number; y: number };
    fillRectInPlace(out, x, y, x + text.width + 2 * padX, y + text.height, colour);
    drawTextMaskInPlace(out, text, x + padX, y, textColourOn(colour));
  }
  if (opts.banner) await drawBannerInPlace(out, opts.banner, fontSize);
  return out;
}

/** A dark strip across the top of the image with the text in white. */
export async function drawBannerInPlace(img: RgbImage, banner: string, fontSize: FontSizePx = 16): Promise<void> {
  const text = await rasterizeText(banner, fontSize);
  fillRectInPlace(img, 0, 0, img.width, text.height + 4, [32, 32, 32]);
  drawTextMaskInPlace(img, text, 4, 2, [255, 255, 255]);
}
