import { describe, expect, it } from 'vitest';
import { argsortDescending, batchedNms, boxArea, boxIou, boxIouMatrix, clipBoxes, nms, scaleBoxes } from '../src/index.ts';

describe('box IoU', () => {
  it('hand-made cases', () => {
    expect(boxArea([0, 0, 10, 5])).toBe(50);
    expect(boxIou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(boxIou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
    expect(boxIou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0); // touching edges share no area
    expect(boxIou([0, 0, 2, 1], [1, 0, 3, 1])).toBeCloseTo(1 / 3, 12); // half overlap: 1/(2+2−1)
    expect(boxIou([0, 0, 10, 10], [0, 0, 5, 5])).toBe(0.25); // contained
    expect(boxIou([0, 0, 10, 10], [1, 1, 11, 11])).toBeCloseTo(81 / 119, 12);
    expect(boxIou([5, 5, 5, 5], [5, 5, 5, 5])).toBe(0); // empty union
  });

  it('matrix is row-major n×m and agrees with the single IoU', () => {
    const a = [0, 0, 10, 10, 0, 0, 5, 5];
    const b = [0, 0, 10, 10, 20, 20, 30, 30, 0, 0, 2, 2];
    const m = boxIouMatrix(a, b);
    expect(m.length).toBe(6);
    expect(Array.from(m)).toEqual([1, 0, 0.04, 0.25, 0, 4 / 25]);
    expect(() => boxIouMatrix([0, 0, 1], b)).toThrow(/multiple of 4/);
  });

  it('clips and scales', () => {
    expect(Array.from(clipBoxes([-5, 2, 120, 90], 100, 50))).toEqual([0, 2, 100, 50]);
    expect(Array.from(scaleBoxes([10, 20, 30, 40], 0.5, 2))).toEqual([5, 40, 15, 80]);
  });
});

describe('NMS (torchvision semantics)', () => {
  it('suppresses overlaps above the threshold and keeps the rest, by decreasing score', () => {
    const boxes = [0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30];
    expect(nms(boxes, [0.9, 0.8, 0.7], 0.5)).toEqual([0, 2]);
    expect(nms(boxes, [0.7, 0.8, 0.9], 0.5)).toEqual([2, 1]);
    expect(nms(boxes, [0.9, 0.8, 0.7], 0.7)).toEqual([0, 1, 2]); // IoU 0.68 is not above 0.7
  });

  it('keeps a box whose IoU equals the threshold (strictly greater suppresses)', () => {
    const boxes = [0, 0, 2, 1, 0, 0, 1, 1]; // IoU exactly 0.5
    expect(nms(boxes, [0.9, 0.8], 0.5)).toEqual([0, 1]);
    expect(nms(boxes, [0.9, 0.8], 0.49)).toEqual([0]);
  });

  it('breaks score ties by index', () => {
    const same = [0, 0, 1, 1, 0, 0, 1, 1];
    expect(nms(same, [0.5, 0.5], 0.5)).toEqual([0]);
    expect(nms(same, [0.4, 0.5], 0.5)).toEqual([1]);
    expect(Array.from(argsortDescending([0.2, 0.9, 0.2, 0.9]))).toEqual([1, 3, 0, 2]);
  });

  it('is greedy: a suppressed box suppresses nothing', () => {
    // A–B IoU 0.6, B–C 0.6, A–C 1/3: B goes, C stays.
    const boxes = [0, 0, 4, 1, 1, 0, 5, 1, 2, 0, 6, 1];
    expect(nms(boxes, [0.9, 0.8, 0.7], 0.5)).toEqual([0, 2]);
  });

  it('handles no boxes and rejects mismatched inputs', () => {
    expect(nms([], [], 0.5)).toEqual([]);
    expect(batchedNms([], [], [], 0.5)).toEqual([]);
    expect(() => nms([0, 0, 1, 1], [0.1, 0.2], 0.5)).toThrow(/1 boxes but 2 scores/);
  });

  it('batched NMS only suppresses within a class', () => {
    const boxes = [0, 0, 10, 10, 1, 1, 11, 11, 0, 1, 10, 11];
    expect(batchedNms(boxes, [0.9, 0.8, 0.7], [1, 2, 1], 0.5)).toEqual([0, 1]); // box 2 overlaps box 0 (IoU 90/110), same class
    expect(batchedNms(boxes, [0.9, 0.8, 0.7], [1, 2, 3], 0.5)).toEqual([0, 1, 2]);
    expect(batchedNms(boxes, [0.9, 0.8, 0.7], [5, 5, 5], 0.5)).toEqual(nms(boxes, [0.9, 0.8, 0.7], 0.5));
  });
});
