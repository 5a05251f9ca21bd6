/**
 * The parts of a detector's `validate` that SSD and Mask R-CNN share, around its agreement (detector-agreement.ts):
 * the photo list and the range checks of its fraction flags, the agreement's options from the flags, the report's
 * frame (per photo: the agreement line, the photo's notices, the counts of all predictions, the table; then the
 * totals), the comparison pictures and the predictions file's per-photo rows. The workload gives what differs: its
 * lines, tables, pictures and how a prediction is summarised. Pure but for the pictures written.
 */
import type { DetectorAgreementDetails, DetectorAgreementOptions } from './detector-agreement.ts';
import { listFlagWithArguments, unitInterval } from './flag-checks.ts';
import { SYNTHETIC_PICTURE_BANNER, markLabel, writeComparisonPictures, type ComparisonPicture, type PictureKit } from './pictures.ts';
import type { CandidateLabel } from './workload.ts';

/** A loaded photo as validate reports it (vision's LoadedImage fits). */
export interface ValidatePhoto {
  path: string;
  name: string;
  image: { width: number; height: number };
  notices: readonly string[];
}

/** `--images` with the arguments after it (undefined: the workload's default photos), after the fraction flags are checked to lie in [0, 1]. */
export function detectorImages<K extends string>(
  command: string,
  flags: { images?: readonly string[] | undefined } & Readonly<Record<K, number>>,
  positionals: readonly string[],
  fractionFlags: readonly K[],
): string[] | undefined {
  const images = listFlagWithArguments(command, 'images', flags.images, positionals);
  for (const name of fractionFlags) unitInterval(name, flags[name]);
  return images;
}

/** The agreement's options: --score-threshold and --match-iou, with the workload's thresholds. */
export function detectorAgreementOptions<Thresholds>(flags: { 'score-threshold': number; 'match-iou': number }, thresholds: Thresholds): DetectorAgreementOptions<Thresholds> {
  return { scoreThreshold: flags['score-threshold'], matchIou: flags['match-iou'], thresholds };
}

/** What one photo's predictions were, for the report, the pictures and the predictions file. */
export interface DetectorOutcome<T, A, Totals> {
  photos: readonly ValidatePhoto[];
  /** every prediction of each side, per photo (the agreement compared those above the score threshold) */
  reference: readonly (readonly T[])[];
  candidate: readonly (readonly T[])[];
  details: DetectorAgreementDetails<T, A, Totals>;
  candidateLabel: CandidateLabel;
}

/** What the workload prints of a photo and of the totals. */
export interface DetectorReportParts<T, A, Totals> {
  /** what the predictions are called in a photo's `(all …: fp32 N, <candidate> M)` line: 'detections', 'instances' */
  noun: string;
  imageLine(a: A, width: number, height: number, candidateLabel: string, scoreThreshold: number): string;
  /** the photo's table of the compared predictions, or null where the workload prints none */
  table(a: A, reference: readonly T[], candidate: readonly T[], candidateLabel: string): string | null;
  totalsLines(totals: Totals, candidateLabel: string): string[];
}

/** The report: the header, then per photo its lines, then the totals. */
export function detectorReport<T, A, Totals>(header: string, o: DetectorOutcome<T, A, Totals>, parts: DetectorReportParts<T, A, Totals>): string[] {
  const d = o.details;
  const label = o.candidateLabel.text;
  const out = [header];
  o.photos.forEach((photo, i) => {
    const a = d.images[i]!;
    const { reference: ref, candidate: got } = d.compared[i]!;
    out.push('', parts.imageLine(a, photo.image.width, photo.image.height, label, d.scoreThreshold), ...photo.notices.map((n) => `  note: ${n}`));
    out.push(`  (all ${parts.noun}: fp32 ${o.reference[i]!.length}, ${label} ${o.candidate[i]!.length})`);
    const table = parts.table(a, ref, got, label);
    if (table !== null) out.push(table);
  });
  out.push('', ...parts.totalsLines(d.totals, label));
  return out;
}

/** What a comparison picture marks besides the predictions: the agreement's own matching (what only one side found). */
export interface DetectorPictureMarks<A extends { matching: unknown }> {
  matching: A['matching'];
  candidateLabel: string;
  agreement: A;
}

/** Every photo's compared predictions drawn for fp32 and the candidate and written into `outDir` (pictures.ts). */
export function drawDetectorPictures<I, P extends ValidatePhoto, T, A extends { matching: unknown }, Totals>(
  kit: PictureKit<I>,
  o: { photos: readonly P[]; details: DetectorAgreementDetails<T, A, Totals>; candidateLabel: CandidateLabel; synthetic: boolean; outDir: string },
  picture: (photo: P, reference: readonly T[], candidate: readonly T[], marks: DetectorPictureMarks<A>) => Promise<ComparisonPicture<I>>,
): Promise<string[]> {
  const d = o.details;
  return writeComparisonPictures(
    kit,
    o.outDir,
    d.compared.map((c, i) => () => picture(o.photos[i]!, c.reference, c.candidate, { matching: d.images[i]!.matching, candidateLabel: markLabel(o.candidateLabel), agreement: d.images[i]! })),
    o.candidateLabel,
    o.synthetic ? { banner: SYNTHETIC_PICTURE_BANNER } : {},
  );
}

/** The predictions file's rows: per photo its path and size and each side's predictions as `summary` writes them. */
export function detectorPredictionRows<T, R>(
  photos: readonly ValidatePhoto[],
  reference: readonly (readonly T[])[],
  candidate: readonly (readonly T[])[],
  summary: (predictions: readonly T[]) => R,
): { image: string; width: number; height: number; fp32: R; candidate: R }[] {
  return photos.map((photo, i) => ({ image: photo.path, width: photo.image.width, height: photo.image.height, fp32: summary(reference[i]!), candidate: summary(candidate[i]!) }));
}
