/**
 * The 12 COCOeval statistics for bbox and segm, in pycocotools' COCOeval.summarize order: means over the entries that
 * are not -1 (no ground truth) of the precision array (AP) or the recall array (AR), -1 where every entry is -1.
 */
import type { CocoEvalParams } from './params.ts';

export const COCO_STAT_NAMES = ['AP', 'AP50', 'AP75', 'APsmall', 'APmedium', 'APlarge', 'AR1', 'AR10', 'AR100', 'ARsmall', 'ARmedium', 'ARlarge'] as const;
export type CocoStatName = (typeof COCO_STAT_NAMES)[number];
export type CocoStats = Record<CocoStatName, number>;

/** COCOeval's accumulated arrays, laid out as numpy's C order. */
export interface CocoAccumulated {
  params: CocoEvalParams;
  /** number of categories */
  K: number;
  /** [T × R × K × A × M] */
  precision: Float64Array;
  /** [T × K × A × M] */
  recall: Float64Array;
}

interface Selection {
  ap: boolean;
  iouThr?: number;
  area: string;
  maxDets: number;
}

function summarizeOne(acc: CocoAccumulated, s: Selection): number {
  const { params: p, K } = acc;
  const R = p.recThrs.length;
  const A = p.areaRanges.length;
  const M = p.maxDets.length;
  // COCOeval selects with == on the threshold, and with the labels and maxDets it finds (none: nothing selected)
  const ts = s.iouThr === undefined ? p.iouThrs.map((_, i) => i) : p.iouThrs.flatMap((v, i) => (v === s.iouThr ? [i] : []));
  const as = p.areaLabels.flatMap((l, i) => (l === s.area ? [i] : []));
  const ms = p.maxDets.flatMap((m, i) => (m === s.maxDets ? [i] : []));
  let sum = 0;
  let count = 0;
  for (const t of ts) {
    for (let r = 0; r < (s.ap ? R : 1); r++) {
      for (let k = 0; k < K; k++) {
        for (const a of as) {
          for (const m of ms) {
            const v = s.ap ? acc.precision[(((t * R + r) * K + k) * A + a) * M + m]! : acc.recall[((t * K + k) * A + a) * M + m]!;
            if (v > -1) {
              sum += v;
              count++;
            }
          }
        }
      }
    }
  }
  return count === 0 ? -1 : sum / count;
}

export function summarizeCoco(acc: CocoAccumulated): CocoStats {
  const md = acc.params.maxDets;
  // COCOeval's first stat uses its default maxDets=100, the others the params' maxDets
  const sel: Selection[] = [
    { ap: true, area: 'all', maxDets: 100 },
    { ap: true, iouThr: 0.5, area: 'all', maxDets: md[2]! },
    { ap: true, iouThr: 0.75, area: 'all', maxDets: md[2]! },
    { ap: true, area: 'small', maxDets: md[2]! },
    { ap: true, area: 'medium', maxDets: md[2]! },
    { ap: true, area: 'large', maxDets: md[2]! },
    { ap: false, area: 'all', maxDets: md[0]! },
    { ap: false, area: 'all', maxDets: md[1]! },
    { ap: false, area: 'all', maxDets: md[2]! },
    { ap: false, area: 'small', maxDets: md[2]! },
    { ap: false, area: 'medium', maxDets: md[2]! },
    { ap: false, area: 'large', maxDets: md[2]! },
  ];
  const values = sel.map((s) => summarizeOne(acc, s));
  return Object.fromEntries(COCO_STAT_NAMES.map((n, i) => [n, values[i]!])) as CocoStats;
}

/** The stats as COCOeval prints them, one line each (e.g. ` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.373`). */
export function formatCocoStats(stats: CocoStats, params: CocoEvalParams): string[] {
  const md = params.maxDets;
  const thr = (v: number) => v.toFixed(2);
  const rows: [boolean, string, string, number][] = [
    [true, '', 'all', 100],
    [true, '0.50', 'all', md[2]!],
    [true, '0.75', 'all', md[2]!],
    [true, '', 'small', md[2]!],
    [true, '', 'medium', md[2]!],
    [true, '', 'large', md[2]!],
    [false, '', 'all', md[0]!],
    [false, '', 'all', md[1]!],
    [false, '', 'all', md[2]!],
    [false, '', 'small', md[2]!],
    [false, '', 'medium', md[2]!],
    [false, '', 'large', md[2]!],
  ];
  const all = `${thr(params.iouThrs[0]!)}:${thr(params.iouThrs[params.iouThrs.length - 1]!)}`;
  return rows.map(([ap, iou, area, maxDets], i) => {
    const title = ap ? 'Average Precision' : 'Average Recall';
    const v = stats[COCO_STAT_NAMES[i]!];
    return ` ${title.padEnd(18)} ${ap ? '(AP)' : '(AR)'} @[ IoU=${(iou || all).padEnd(9)} | area=${area.padStart(6)} | maxDets=${String(maxDets).padStart(3)} ] = ${v.toFixed(3)}`;
  });
}
