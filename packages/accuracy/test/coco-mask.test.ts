// RLE codec, polygon rasterisation, merge, area, bbox and IoU, checked against values worked by hand from maskApi's
// definitions and against pycocotools (cocodataset/cocoapi 8c9bcc3, PythonAPI built locally with Cython 0.29.32 and
// numpy 1.24.2): the literal strings/areas/boxes below are what its mask.frPyObjects / merge / area / toBbox / iou
// printed for the same inputs.
import { describe, expect, it } from 'vitest';
import { boxIou, boxIouMatrix } from '../src/coco/iou.ts';
import { rleArea, rleFromBox, rleFromPolygon, rleIouMatrix, rleMerge, rleToBox } from '../src/coco/mask.ts';
import { rleDecode, rleEncode, rleEncodeRowMajor, rleFromCounts, rleFromString, rleToString } from '../src/coco/rle.ts';
import { segmentationToRle } from '../src/coco/segmentation.ts';

describe('RLE codec', () => {
  // mask rows [[0,1,1,0],[0,1,0,0],[1,1,0,1]], read down each column: 0 0 1 | 1 1 1 | 1 0 0 | 0 0 1
  // → runs of 0s, 1s, …: 2, 5, 4, 1 (by hand); pycocotools mask.encode gives the string '254L', area 6, bbox [0,0,4,3]
  const mask = Uint8Array.from([0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1]);

  it('encodes column-major runs starting with 0s', () => {
    const r = rleEncode(mask, 3, 4);
    expect([...r.counts]).toEqual([2, 5, 4, 1]);
    expect(rleToString(r)).toBe('254L');
    expect(rleArea(r)).toBe(6);
    expect(rleToBox(r)).toEqual([0, 0, 4, 3]);
  });

  it('encodes a row-major mask (image layout) to the same runs', () => {
    const rows = Uint8Array.from([0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1]);
    expect([...rleEncodeRowMajor(rows, 3, 4).counts]).toEqual([2, 5, 4, 1]);
  });

  it('decodes strings back to the same pixels', () => {
    expect([...rleDecode(rleFromString('254L', 3, 4))]).toEqual([...mask]);
  });

  it('starts with a zero-length run when the first pixel is 1', () => {
    expect([...rleEncode(Uint8Array.from([1, 1, 0, 0]), 2, 2).counts]).toEqual([0, 2, 2]);
  });

  it('stores counts from the fourth on as signed differences from the count two before (pycocotools: PeQ335][T2MadkM)', () => {
    const r = rleFromCounts([100000, 3, 5, 70000, 2, 1], 1, 170011);
    expect(rleToString(r)).toBe('PeQ335][T2MadkM');
    expect([...rleFromString('PeQ335][T2MadkM', 1, 170011).counts]).toEqual([100000, 3, 5, 70000, 2, 1]);
  });

  it('rejects strings that are not COCO RLE, and counts that do not cover the image', () => {
    expect(() => rleFromString('25 4L', 3, 4)).toThrow(/outside COCO's code/);
    expect(() => rleFromString('254', 3, 4)).toThrow(/sum to 11 pixels but its size is 3×4 = 12/);
    expect(() => rleFromCounts([2, 5, 4], 3, 4)).toThrow(/uncompressed RLE counts sum to 11/);
  });
});

describe('polygon rasterisation (maskApi rleFrPoly)', () => {
  it('fills a 4×4 square the way COCO draws one: the pixels whose centres lie inside', () => {
    // square x 2..6, y 2..6 in a 10×10 image: columns 2..5, rows 2..5 (16 pixels), by hand from the ×5 upsampling
    const r = rleFromPolygon([2, 2, 6, 2, 6, 6, 2, 6], 10, 10);
    expect(rleArea(r)).toBe(16);
    expect(rleToBox(r)).toEqual([2, 2, 4, 4]);
    expect([...r.counts]).toEqual([22, 4, 6, 4, 6, 4, 6, 4, 44]);
  });

  it('matches pycocotools on a fractional quadrilateral', () => {
    const r = rleFromPolygon([10.3, 5.7, 30.2, 8.1, 25.6, 27.9, 4.4, 20.5], 32, 40);
    expect(rleToString(r)).toBe('d41m02M3N3L3N2N3O00001O00010O00001O001O000010O0L4L4K5Ll9');
    expect(rleArea(r)).toBe(381);
    expect(rleToBox(r)).toEqual([4, 6, 26, 22]);
  });

  it('matches pycocotools on a triangle that leaves the image (clipped)', () => {
    const r = rleFromPolygon([-5, -3, 20, 2, 15, 40], 30, 25);
    expect(rleToString(r)).toBe('09e02N2N2N2N2N3M2N2N2NP1OQO0000000O1H9G8Ik4');
    expect(rleArea(r)).toBe(423);
    expect(rleToBox(r)).toEqual([0, 0, 20, 30]);
  });

  it('matches pycocotools on the fixture pentagon (annotation 102)', () => {
    const r = rleFromPolygon([380.5, 120.25, 440, 130, 450.75, 180, 410, 200.5, 370, 170], 480, 640);
    expect(rleArea(r)).toBe(4534);
    expect(rleToBox(r)).toEqual([370, 120, 81, 80]);
    expect(rleToString(r)).toBe(
      'Xc]52i>6J6J6K4K6J6K5J5K6K5N2O010O1O1O1O00100O1O001O1O10O01O1O1O00100O1O1O001O100O001O0000O2O0O100O100O2O0O100O100O2O0O100O100O2O0O100O100O2O0O102M6K4K6K5J5L5J6K4K6K5J^]h2',
    );
  });

  it('rasterises a box as its outline polygon (rleFrBbox)', () => {
    const r = rleFromBox([3.5, 4.25, 10, 6], 20, 20);
    expect(rleToString(r)).toBe('d26>00000000000000000d3');
    expect(rleArea(r)).toBe(60);
    expect(rleToBox(r)).toEqual([4, 4, 10, 6]);
  });
});

describe('merge, area, bbox', () => {
  // two 8×8 squares overlapping in a 2×2 corner: union 64 + 64 - 4 = 124, intersection 4 (by hand)
  const parts = [rleFromPolygon([2, 2, 10, 2, 10, 10, 2, 10], 20, 20), rleFromPolygon([8, 8, 16, 8, 16, 16, 8, 16], 20, 20)];

  it('unions and intersects as rleMerge', () => {
    expect(parts.map(rleToString)).toEqual(['Z18<0000000000000V6', 'X58<0000000000000X2']);
    const u = rleMerge(parts);
    expect(rleToString(u)).toBe('Z18<00000000006J06J0000000000X2');
    expect(rleArea(u)).toBe(124);
    expect(rleToBox(u)).toEqual([2, 2, 14, 14]);
    const i = rleMerge(parts, true);
    expect(rleToString(i)).toBe('X52b00P6');
    expect(rleArea(i)).toBe(4);
    expect(rleToBox(i)).toEqual([8, 8, 2, 2]);
  });

  it('merges the parts of a multi-polygon segmentation (COCO.annToRLE)', () => {
    const r = segmentationToRle({ kind: 'polygons', polygons: [[2, 2, 10, 2, 10, 10, 2, 10], [8, 8, 16, 8, 16, 16, 8, 16]] }, 20, 20);
    expect(rleArea(r)).toBe(124);
  });

  it('reads a segmentation whose first entry has 4 numbers as boxes, as pycocotools frPyObjects does', () => {
    const r = segmentationToRle({ kind: 'polygons', polygons: [[3.5, 4.25, 10, 6]] }, 20, 20);
    expect(rleToString(r)).toBe('d26>00000000000000000d3'); // = frBbox([[3.5, 4.25, 10, 6]]) above
    expect(() => segmentationToRle({ kind: 'polygons', polygons: [[1, 2]] }, 20, 20)).toThrow(/starts with a polygon of 2 numbers/);
    expect(() => segmentationToRle({ kind: 'polygons', polygons: [] }, 20, 20)).toThrow(/has no polygons/);
  });

  it("gives a mask whose run of 1s crosses into the next column the full height, as rleToBbox (pycocotools: [0,0,2,4])", () => {
    // 4×3 image, counts [2, 4, 6]: 1s at rows 2-3 of column 0 and rows 0-1 of column 1
    expect(rleToBox(rleFromCounts([2, 4, 6], 4, 3))).toEqual([0, 0, 2, 4]);
  });
});

describe('IoU with the crowd rule', () => {
  it('box IoU: intersection over union, or over the detection area for a crowd ground truth', () => {
    // dt [0,0,10,10] vs gt [5,5,10,10]: intersection 25, union 175; crowd: 25 / 100
    expect(boxIou([0, 0, 10, 10], [5, 5, 10, 10], false)).toBeCloseTo(25 / 175, 15);
    expect(boxIou([0, 0, 10, 10], [5, 5, 10, 10], true)).toBeCloseTo(0.25, 15);
    expect(boxIou([0, 0, 10, 10], [10, 0, 5, 5], false)).toBe(0); // touching edges do not overlap
    const m = boxIouMatrix([0, 0, 10, 10, 0, 0, 5, 5], [5, 5, 10, 10, 0, 0, 10, 10], [false, true]);
    expect([...m]).toEqual([25 / 175, 1, 0, 1]); // [d0g0, d0g1, d1g0, d1g1]; d1 lies inside crowd g1
  });

  it('mask IoU matches pycocotools mask.iou (areas 381 and 320, intersection 114)', () => {
    const a = rleFromPolygon([10.3, 5.7, 30.2, 8.1, 25.6, 27.9, 4.4, 20.5], 32, 40);
    const g = rleFromBox([0, 0, 20, 16], 32, 40);
    expect(rleArea(g)).toBe(320);
    expect(rleArea(rleMerge([a, g], true))).toBe(114);
    expect(rleIouMatrix([a], [g], [false])[0]).toBeCloseTo(114 / (381 + 320 - 114), 15); // pycocotools 0.19420783645655879
    expect(rleIouMatrix([a], [g], [true])[0]).toBeCloseTo(114 / 381, 15); // 0.2992125984251969
    expect(rleIouMatrix([g], [a], [true])[0]).toBeCloseTo(114 / 320, 15); // 0.35625
  });

  it('gives -1 for masks of different sizes that overlap, 0 for masks that do not', () => {
    const a = rleFromBox([0, 0, 5, 5], 10, 10);
    expect(rleIouMatrix([a], [rleFromBox([0, 0, 5, 5], 10, 12)], [false])[0]).toBe(-1);
    expect(rleIouMatrix([a], [rleFromBox([6, 6, 3, 3], 10, 10)], [false])[0]).toBe(0);
  });
});
