/**
 * validate's pictures, the same for every workload that draws: per sample the fp32 and candidate drawings side by side
 * (`<stem>_side_by_side.png`), and for the first sample also `validate_fp32.png`, `validate_<candidate slug>.png` and
 * `validate_side_by_side.png`. Drawing, composing and PNG encoding are the workload's (the kit); names are here.
 */
import { basename, extname, join } from 'node:path';
import type { CandidateLabel } from './workload.ts';

/** The title over every picture drawn with synthetic weights (ASCII: the bitmap font has no long dashes). */
export const SYNTHETIC_PICTURE_BANNER = 'SYNTHETIC weights - the classes mean nothing';

/** The candidate as a drawn mark names it, without parentheses: `only bf16 emulated`, `only fp32 repeat`. */
export function markLabel(label: CandidateLabel): string {
  return label.text.replace(/[()]/g, '').replace(/\s+/g, ' ').trim();
}

export interface PictureKit<I> {
  sideBySide(panels: readonly { image: I; title: string }[]): Promise<I>;
  writePng(path: string, image: I): Promise<void>;
}

export interface ComparisonPicture<I> {
  /** the sample's name (a photo's file name) */
  name: string;
  reference: I;
  candidate: I;
  /** what is counted in the titles, e.g. `2 detections` */
  referenceCaption: string;
  candidateCaption: string;
  /** one line across the picture, under the banner: the sample's agreement figures (e.g. recall, precision, mean IoU) */
  caption?: string;
}

/** A file-name stem from a sample's name: `dog.jpg` → `dog`, odd characters → `_`. */
export function pictureStem(name: string): string {
  return basename(name, extname(name)).replace(/[^A-Za-z0-9._-]/g, '_');
}

export interface PictureOptions {
  /** a title above every picture written, over the panels' own (SYNTHETIC_PICTURE_BANNER for synthetic weights) */
  banner?: string | undefined;
}

/**
 * Draws (one at a time, lazily) and writes every comparison into `outDir`; returns the paths written. A banner goes
 * above each picture as a title strip of its own, so it never covers a detection or its label.
 */
export async function writeComparisonPictures<I>(
  kit: PictureKit<I>,
  outDir: string,
  pictures: readonly (() => Promise<ComparisonPicture<I>>)[],
  label: CandidateLabel,
  opts: PictureOptions = {},
): Promise<string[]> {
  const titled = async (image: I): Promise<I> => (opts.banner ? kit.sideBySide([{ image, title: opts.banner }]) : image);
  const written: string[] = [];
  for (const [i, draw] of pictures.entries()) {
    const p = await draw();
    // the agreement line as a strip of its own over the panels (and over the candidate's own file), under the banner
    const captioned = async (image: I): Promise<I> => (p.caption ? kit.sideBySide([{ image, title: p.caption }]) : image);
    const both = await titled(
      await captioned(
        await kit.sideBySide([
          { image: p.reference, title: `fp32: ${p.referenceCaption}` },
          { image: p.candidate, title: `${label.text}: ${p.candidateCaption}` },
        ]),
      ),
    );
    const files: [string, I][] = [[join(outDir, `${pictureStem(p.name)}_side_by_side.png`), both]];
    if (i === 0) {
      files.push([join(outDir, 'validate_fp32.png'), await titled(p.reference)], [join(outDir, `validate_${label.slug}.png`), await titled(await captioned(p.candidate))]);
      files.push([join(outDir, 'validate_side_by_side.png'), both]);
    }
    for (const [path, image] of files) await kit.writePng(path, image);
    written.push(...files.map(([path]) => path));
  }
  return written;
}
