/**
 * SSD300 pieces that need no model: torchvision's default boxes (values computed by hand from DefaultBoxGenerator's
 * formulas), the valid-tap fraction of a padded conv, the worst-case input mean square, and the calibration plan.
 */
import { describe, expect, it } from 'vitest';
import { anchorCentresAndSizes, defaultBoxesXyxy, defaultBoxShapes } from '../src/synthetic/ssd300/anchors.ts';
import { calibrate, clsBias, hotLogit, worstInputMeanSquare } from '../src/synthetic/ssd300/calibration.ts';
import { planHotGroups, SSD300_MAX_CANDIDATES } from '../src/synthetic/ssd300/hot-groups.ts';
import { COCO91_UNUSED_IDS, SSD300_ANCHORS_PER_LOCATION, SSD300_NUM_ANCHORS } from '../src/synthetic/ssd300/config.ts';
import { validTapFraction } from '../src/synthetic/ssd300/ops.ts';

const boxes = defaultBoxesXyxy();
const box = (i: number): number[] => Array.from(boxes.subarray(4 * i, 4 * i + 4));

describe('SSD300 default boxes', () => {
  it('has 4, 6, 6, 6, 4, 4 boxes per location and 8,732 in all', () => {
    expect(SSD300_ANCHORS_PER_LOCATION).toEqual([4, 6, 6, 6, 4, 4]);
    expect(SSD300_NUM_ANCHORS).toBe(8732);
    expect(boxes.length).toBe(8732 * 4);
  });

  it('starts at map 0, location (0, 0): centre 0.5/37.5, scales 0.07, √(0.07·0.15), ratio 2', () => {
    const c = 0.5 / 37.5;
    const sPrime = Math.sqrt(0.07 * 0.15);
    expect(box(0)).toEqual([-6.5, -6.5, 14.5, 14.5].map((v) => expect.closeTo(v, 4)));
    expect(box(1)).toEqual([c - sPrime / 2, c - sPrime / 2, c + sPrime / 2, c + sPrime / 2].map((v) => expect.closeTo(v * 300, 3)));
    const w = 0.07 * Math.SQRT2;
    const h = 0.07 / Math.SQRT2;
    expect(box(2)).toEqual([c - w / 2, c - h / 2, c + w / 2, c + h / 2].map((v) => expect.closeTo(v * 300, 3)));
    expect(box(3)).toEqual([c - h / 2, c - w / 2, c + h / 2, c + w / 2].map((v) => expect.closeTo(v * 300, 3)));
    expect(box(4)).toEqual([1.5, -6.5, 22.5, 14.5].map((v) => expect.closeTo(v, 4))); // next column: centre + 8 px
  });

  it('does not clamp centres: map 2 (step 32) ends past the image at 9.5·32 = 304 px', () => {
    const first = 38 * 38 * 4 + 19 * 19 * 6 + 99 * 6; // map 2, location (9, 9), slot 0, scale 0.33
    expect(box(first)).toEqual([304 - 49.5, 304 - 49.5, 304 + 49.5, 304 + 49.5].map((v) => expect.closeTo(v, 3)));
  });

  it('clamps widths and heights to 1: the last map (1×1, scale 0.87) has a full-width box', () => {
    const last = 8732 - 4;
    expect(box(last)).toEqual([19.5, 19.5, 280.5, 280.5].map((v) => expect.closeTo(v, 3)));
    const h = 0.87 / Math.SQRT2;
    expect(box(last + 2)).toEqual([0, 150 - 150 * h, 300, 150 + 150 * h].map((v) => expect.closeTo(v, 3)));
    expect(defaultBoxShapes(5)[2]).toEqual([1, Math.fround(h)]);
  });

  it('gives the box coder centres and sizes', () => {
    const cs = anchorCentresAndSizes(boxes);
    expect(Array.from(cs.subarray(0, 4))).toEqual([4, 4, 21, 21]);
  });
});

describe('SSD300 calibration', () => {
  it('counts the taps a dilated, padded conv reads inside the map (fc6 on 19×19)', () => {
    expect(validTapFraction(19, 3, 1, 6, 6)).toBeCloseTo((13 + 19 + 13) / 57, 12);
    expect(validTapFraction(5, 3, 1, 0, 1)).toBe(1);
    expect(validTapFraction(3, 3, 2, 1, 1)).toBeCloseTo(4 / 6, 12); // outputs 0, 1: taps -1 0 1 | 1 2 3
  });

  it('bounds the transformed input: each channel at the end of [0, 1] furthest from the mean, times 255', () => {
    const expected = ((0.51765 * 255) ** 2 + (0.54118 * 255) ** 2 + (0.59216 * 255) ** 2) / 3;
    expect(worstInputMeanSquare()).toBeCloseTo(expected, 6);
  });

  it('plans 1,000 candidates: 11 confident (3×3 + two 1×1) over 989 weak, on real classes, ≤ 400 per class', () => {
    const groups = planHotGroups(1000, 300);
    const tier = (score: number): number[] => groups.filter((g) => g.score === score).map((g) => g.anchors);
    expect(tier(0.8)).toEqual([9, 1, 1]);
    expect(tier(0.12)).toEqual([361, 361]);
    expect(tier(0.2)).toEqual([100, 100]);
    expect(tier(0.3)).toEqual([25, 25]);
    expect(tier(0.35)).toEqual([9, 1, 1, 1, 1, 1, 1, 1, 1]); // 11 + 722 + 200 + 50 + 9 + 8 = 1,000
    const perClass = new Map<number, number>();
    for (const g of groups) {
      expect(COCO91_UNUSED_IDS).not.toContain(g.classId);
      expect(g.classId).toBeGreaterThanOrEqual(1);
      expect(g.classId).toBeLessThanOrEqual(90);
      expect(g.slot).toBeLessThan(SSD300_ANCHORS_PER_LOCATION[g.level] as number);
      perClass.set(g.classId, (perClass.get(g.classId) ?? 0) + g.anchors);
    }
    expect(Math.max(...perClass.values())).toBeLessThanOrEqual(400);
    expect(new Set(groups.map((g) => `${g.level}/${g.slot}/${g.classId}`)).size).toBe(groups.length);
    expect(planHotGroups(1000, 300)).toEqual(groups);
    expect(planHotGroups(1000, 301)).not.toEqual(groups);
  });

  it('places any count from 0 to the maximum exactly', () => {
    for (const n of [0, 1, 7, 399, 4321, 28_880, SSD300_MAX_CANDIDATES]) {
      expect(planHotGroups(n, 300).reduce((s, g) => s + g.anchors, 0)).toBe(n);
    }
    expect(SSD300_MAX_CANDIDATES).toBe(31_920);
  });

  it('refuses counts it cannot place, with a usage error', () => {
    for (const n of [-1, 2.5, SSD300_MAX_CANDIDATES + 1, Number.NaN]) {
      expect(() => planHotGroups(n, 300)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
  });

  it('gives a hot class the logit of its score: e^γ / (e^8 + e^γ + 89) = score', () => {
    for (const score of [0.12, 0.35, 0.8]) {
      const g = hotLogit(8, score);
      expect(Math.exp(g) / (Math.exp(8) + Math.exp(g) + 89)).toBeCloseTo(score, 12);
    }
  });

  it('sets the background logit on every slot and hot logits on the planned channels only', () => {
    const cal = calibrate(1000, 300);
    const bias = clsBias(cal, 4);
    expect(bias.length).toBe(4 * 91);
    for (let a = 0; a < 4; a++) expect(bias[a * 91]).toBe(8);
    const hot = [...bias.entries()].filter(([i, v]) => i % 91 !== 0 && v !== 0);
    const planned = cal.hotGroups.filter((g) => g.level === 4);
    expect(hot.map(([i]) => i)).toEqual(planned.map((g) => g.slot * 91 + g.classId).sort((a, b) => a - b));
    for (const g of planned) expect(bias[g.slot * 91 + g.classId]).toBe(Math.fround(hotLogit(8, g.score)));
    expect(clsBias(cal, 0).filter((v) => v !== 0 && v !== 8)).toHaveLength(0);
  });
});
