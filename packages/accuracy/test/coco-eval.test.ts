// COCOeval end to end. Small cases are worked by hand from COCOeval's definitions (the derivations are in the
// comments; pycocotools agreed with each). The fixture values are literals printed by pycocotools' COCOeval
// (cocodataset/cocoapi 8c9bcc3, PythonAPI built locally; only np.float → float patched for numpy 1.24.2) on
// test/fixtures/coco/instances_fixture.json and the output of fixtureDetections(gt) written to JSON and read by
// COCO.loadRes — as given (box + mask per result) and with the boxes removed (masks only).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accumulateCell } from '../src/coco/accumulate.ts';
import { loadCocoGroundTruth, parseCocoGroundTruth } from '../src/coco/annotations.ts';
import { evaluateCoco } from '../src/coco/coco-eval.ts';
import { evaluateImage } from '../src/coco/evaluate.ts';
import { defaultCocoParams } from '../src/coco/params.ts';
import { parseCocoResults } from '../src/coco/results.ts';
import { COCO_STAT_NAMES, formatCocoStats } from '../src/coco/summarize.ts';
import { fixtureDetections } from './fixtures/coco/detections.ts';

const FIXTURE = new URL('./fixtures/coco/instances_fixture.json', import.meta.url).pathname;
const params = defaultCocoParams();
const EPS = 2.220446049250313e-16; // numpy.spacing(1), in COCOeval's precision tp / (tp + fp + eps)

function statsOf(gtJson: object, dtJson: object[], iouType: 'bbox' | 'segm' = 'bbox'): number[] {
  const gt = parseCocoGroundTruth(JSON.stringify(gtJson), 'gt');
  return Object.values(evaluateCoco(gt, parseCocoResults(JSON.stringify(dtJson), gt), iouType).stats);
}

function expectStats(actual: number[], expected: number[], digits = 10): void {
  expect(actual).toHaveLength(12);
  actual.forEach((v, i) => expect(v, COCO_STAT_NAMES[i]).toBeCloseTo(expected[i]!, digits));
}

const oneImage = { images: [{ id: 1, width: 100, height: 100 }], categories: [{ id: 1, name: 'person' }] };
const det = (bbox: number[], score: number) => ({ image_id: 1, category_id: 1, bbox, score });

describe('COCOeval, worked by hand', () => {
  it('one image, 2 ground truths, 3 detections', () => {
    // g1 [0,0,10,10] (area 100), g2 [50,50,20,20] (area 400): both small.
    // d1 [0,0,10,10] .9: IoU 1 with g1.  d2 [50,50,20,10] .8: IoU 200/400 = .5 with g2.  d3 [80,80,10,10] .7: no overlap.
    // IoU .50: TP TP FP → recall .5 1 1, precision 1 1 2/3 → every recall threshold reads precision 1: AP 1.
    // IoU .55….95 (9 thresholds): d2 now misses → TP FP FP, recall stays .5: thresholds 0….50 (51 of 101) read
    //   precision 1, the other 50 read 0: AP 51/101.
    // AP = (1 + 9·51/101)/10 = 560/1010; AP75 = 51/101; medium/large have no ground truth: -1.
    // AR1: only d1 counts, recall .5 at every threshold. AR10 = AR100 = (1 + 9·.5)/10 = .55.
    const gt = {
      ...oneImage,
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
        { id: 2, image_id: 1, category_id: 1, bbox: [50, 50, 20, 20], area: 400, iscrowd: 0 },
      ],
    };
    const dts = [det([0, 0, 10, 10], 0.9), det([50, 50, 20, 10], 0.8), det([80, 80, 10, 10], 0.7)];
    const p1 = 1 / (1 + EPS);
    const ap = (p1 + (9 * 51 * p1) / 101) / 10;
    expectStats(statsOf(gt, dts), [ap, p1, (51 * p1) / 101, ap, -1, -1, 0.5, 0.55, 0.55, 0.55, -1, -1], 14);
  });

  it('detections inside a crowd region are ignored, not false positives', () => {
    // g1 [0,0,20,20] regular; c [50,0,50,100] crowd.  d1 = g1 (.9) is a TP at every threshold.  d2 [60,10,20,20] (.8)
    // and d3 [70,50,20,20] (.7) lie inside c: IoU with a crowd = intersection / detection area = 1, and a crowd may be
    // matched again, so both are ignored.  d4 [0,50,10,10] (.6) is a FP.  Sequence TP ign ign FP, npig 1: recall 1
    // from the first detection on, so every recall threshold reads precision 1/(1+eps): AP 1, AR 1.
    // (With the ordinary IoU, d2 would have IoU 400/5000 with c and count as a FP.)
    const gt = {
      ...oneImage,
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 20, 20], area: 400, iscrowd: 0 },
        { id: 2, image_id: 1, category_id: 1, bbox: [50, 0, 50, 100], area: 5000, iscrowd: 1 },
      ],
    };
    const dts = [det([0, 0, 20, 20], 0.9), det([60, 10, 20, 20], 0.8), det([70, 50, 20, 20], 0.7), det([0, 50, 10, 10], 0.6)];
    const p1 = 1 / (1 + EPS);
    expectStats(statsOf(gt, dts), [p1, p1, p1, p1, -1, -1, 1, 1, 1, 1, -1, -1], 14);
  });

  it('interpolates precision to be non-increasing before reading it at the recall thresholds', () => {
    // TP FP TP TP with 3 kept ground truths: recall 1/3 1/3 2/3 1, precision 1 1/2 2/3 3/4 → made non-increasing
    // from the right: 1 3/4 3/4 3/4. Recall thresholds 0….33 (34 of them) first reach recall at detection 0 → 1;
    // .34….66 (33) at detection 2 → 3/4 (2/3 without the interpolation); .67…1 (34) at detection 3 → 3/4.
    // AP = (34 + 33·3/4 + 34·3/4)/101.
    const T = params.iouThrs.length;
    const e = {
      dtScores: Float64Array.from([0.9, 0.8, 0.7, 0.6]),
      dtMatched: Uint8Array.from({ length: 4 * T }, (_, i) => (i % 4 === 1 ? 0 : 1)),
      dtIgnore: new Uint8Array(4 * T),
      numGtKept: 3,
    };
    const cell = accumulateCell([e], 100, params.iouThrs, params.recThrs)!;
    const row = [...cell.precision.subarray(0, 101)];
    const mean = row.reduce((a, b) => a + b, 0) / 101;
    expect(mean).toBeCloseTo((34 / (1 + EPS) + (67 * 3) / (4 + EPS)) / 101, 14);
    expect(cell.recall[0]).toBe(1);
    // maxDets 1 keeps only the first detection: recall 1/3, and thresholds above it read 0
    const one = accumulateCell([e], 1, params.iouThrs, params.recThrs)!;
    expect(one.recall[0]).toBe(1 / 3);
    expect(one.precision[33]).toBeCloseTo(1, 14);
    expect(one.precision[34]).toBe(0);
  });

  it('a detection keeps a regular ground truth over a better-overlapping ignored one; ties go to the later ground truth', () => {
    // gts: A regular, B (area outside the range: ignored), C regular; after the ignore sort the order is A C B.
    // d0 has IoU .6 with A, .9 with B: it takes A (it stops before reaching ignored B once it holds a regular match).
    // d1 has IoU .7 with A (taken) and .7 with C: takes C.  d2 has IoU .8 with B only: matched to B, so ignored.
    const gts = [
      { id: 10, area: 100, crowd: false },
      { id: 11, area: 5000, crowd: false },
      { id: 12, area: 100, crowd: false },
    ];
    const dts = [
      { area: 100, score: 0.9 },
      { area: 100, score: 0.8 },
      { area: 100, score: 0.7 },
    ];
    // [D × G] in file order A B C
    const ious = Float64Array.from([0.6, 0.9, 0, 0.7, 0, 0.7, 0, 0.8, 0]);
    const e = evaluateImage(gts, dts, ious, [0, 1024], 100, [0.5])!;
    expect([...e.dtMatched]).toEqual([1, 1, 1]);
    expect([...e.dtIgnore]).toEqual([0, 0, 1]);
    expect(e.numGtKept).toBe(2);
    // a tie: d0 has IoU .7 with both A and C and takes C (COCOeval moves on only when IoU < best), so d1, which
    // overlaps only C (.8), is left unmatched
    const tie = evaluateImage(gts, dts.slice(0, 2), Float64Array.from([0.7, 0, 0.7, 0, 0, 0.8]), [0, 1024], 100, [0.5])!;
    expect([...tie.dtMatched]).toEqual([1, 0]);
    // unmatched detections outside the area range are ignored, matched ones are not
    const far = evaluateImage(gts, [{ area: 5000, score: 0.9 }, { area: 5000, score: 0.8 }], Float64Array.from([0.9, 0, 0, 0, 0, 0]), [0, 1024], 100, [0.5])!;
    expect([...far.dtIgnore]).toEqual([0, 1]);
  });
});

describe('COCOeval on the fixture, against pycocotools', () => {
  const gt = loadCocoGroundTruth(FIXTURE);
  const dets = fixtureDetections(gt);
  const masksOnly = dets.map(({ bbox: _b, ...r }) => r);

  it('the fixture has what the brief asks of it', () => {
    expect(gt.categories.map((c) => c.id)).toEqual([1, 3, 18, 44, 90]); // gapped ids; 44 has no ground truth
    expect(gt.annotations.filter((a) => a.iscrowd)).toHaveLength(2);
    const areas = gt.annotations.filter((a) => !a.iscrowd).map((a) => a.area);
    expect(areas.some((a) => a < 32 ** 2) && areas.some((a) => a >= 32 ** 2 && a <= 96 ** 2) && areas.some((a) => a > 96 ** 2)).toBe(true);
    expect(new Set(gt.annotations.map((a) => a.segmentation?.kind))).toEqual(new Set(['polygons', 'rle', 'compressed']));
    expect(dets.filter((d) => d.image_id === 7 && d.category_id === 90).length).toBe(122); // > maxDets 100
  });

  it('bbox: the 12 stats', () => {
    const s = Object.values(evaluateCoco(gt, dets, 'bbox').stats);
    expectStats(s, [
      0.6595141535813543, 0.9075194562576181, 0.7309022181287895, 0.7494631678433603, 0.6468316831683169, 0.8999999999999999, 0.31958333333333333,
      0.7804166666666668, 0.8654166666666668, 0.9233333333333333, 0.7666666666666667, 0.9,
    ]);
  });

  it('bbox: per-category AP (area all, maxDets 100) and recall at IoU .5, -1 for the category without ground truth', () => {
    const { accumulated: acc } = evaluateCoco(gt, dets, 'bbox');
    const [T, R, K, A, M] = [10, 101, acc.K, 4, 3];
    const ap = Array.from({ length: K }, (_, k) => {
      let sum = 0;
      for (let t = 0; t < T; t++) for (let r = 0; r < R; r++) sum += acc.precision[(((t * R + r) * K + k) * A + 0) * M + 2]!;
      return sum / (T * R);
    });
    [0.6863036303630364, 0.6412942008486562, 0.7174917491749173, -1, 0.5929670339388076].forEach((v, k) => expect(ap[k]).toBeCloseTo(v, 10));
    const rc = (m: number) => Array.from({ length: K }, (_, k) => acc.recall[((0 * K + k) * A + 0) * M + m]);
    expect(rc(2)).toEqual([1, 1, 1, -1, 1]);
    [0.5, 0.6666666666666666, 0.5, -1, 0.1].forEach((v, k) => expect(rc(0)[k]).toBeCloseTo(v, 12));
  });

  it('segm: the 12 stats (results with boxes: areas are the boxes\', as COCO.loadRes sets them)', () => {
    const s = Object.values(evaluateCoco(gt, dets, 'segm').stats);
    expectStats(s, [
      0.5317269453771105, 0.8969115092752955, 0.5424148096053286, 0.45934019872575493, 0.5212046204620462, 0.8999999999999999, 0.24833333333333335,
      0.6633333333333333, 0.7583333333333333, 0.6, 0.6833333333333333, 0.9,
    ]);
  });

  it('masks-only results: bbox from the masks (rleToBbox) and areas from the masks', () => {
    expectStats(Object.values(evaluateCoco(gt, masksOnly, 'bbox').stats), [
      0.7003861863012029, 0.8969115092752955, 0.7681573838627543, 0.8099452592318054, 0.7010396039603961, 0.8999999999999999, 0.33791666666666664,
      0.8237499999999999, 0.91875, 0.9833333333333333, 0.85, 0.9,
    ]);
    expectStats(Object.values(evaluateCoco(gt, masksOnly, 'segm').stats), [
      0.5317269453771105, 0.8969115092752955, 0.5424148096053286, 0.45934019872575493, 0.5212046204620462, 0.8999999999999999, 0.24833333333333335,
      0.6633333333333333, 0.7583333333333333, 0.6, 0.6833333333333333, 0.9,
    ]);
  });

  it('no detections: AP and AR are 0 where there is ground truth', () => {
    const s = evaluateCoco(gt, [], 'bbox').stats;
    expect(Object.values(s)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('prints the stats as COCOeval does', () => {
    const lines = formatCocoStats(evaluateCoco(gt, dets, 'bbox').stats, params);
    expect(lines[0]).toBe(' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.660');
    expect(lines[9]).toBe(' Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = 0.923');
  });

  it('the fixture file is small (a few KB)', () => {
    expect(readFileSync(FIXTURE).length).toBeLessThan(16 * 1024);
  });
});
