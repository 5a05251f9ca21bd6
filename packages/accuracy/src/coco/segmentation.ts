/**
 * A COCO segmentation as one RLE, as pycocotools' COCO.annToRLE makes it: polygons are rasterised at the image's size
 * and their parts merged (union); an uncompressed or compressed RLE is taken at its own size.
 */
import { BenchError } from '@modelbench/core';
import type { CocoSegmentation } from './annotations.ts';
import { rleFromBox, rleFromPolygon, rleMerge } from './mask.ts';
import { rleFromCounts, rleFromString, type Rle } from './rle.ts';

export function segmentationToRle(seg: CocoSegmentation, imgH: number, imgW: number): Rle {
  switch (seg.kind) {
    case 'compressed':
      return rleFromString(seg.counts, seg.size[0], seg.size[1]);
    case 'rle':
      return rleFromCounts(seg.counts, seg.size[0], seg.size[1]);
    case 'polygons': {
      const first = seg.polygons[0];
      if (!first || first.length < 4) {
        throw new BenchError('BAD_INPUT', `a polygon segmentation ${first ? `starts with a polygon of ${first.length} numbers` : 'has no polygons'}, which pycocotools cannot rasterise`, {
          hint: 'give every polygon at least 3 points (6 numbers), or score bbox only',
        });
      }
      // pycocotools' frPyObjects reads a list whose first entry has exactly 4 numbers as boxes [x, y, w, h]
      const asBoxes = first.length === 4;
      if (asBoxes && !seg.polygons.every((p) => p.length === 4)) {
        throw new BenchError('BAD_INPUT', 'a segmentation mixes 4-number entries (read as boxes, as pycocotools does) with polygons', {
          hint: 'give every polygon at least 3 points (6 numbers)',
        });
      }
      const parts = seg.polygons.map((p) => (asBoxes ? rleFromBox(p, imgH, imgW) : rleFromPolygon(p, imgH, imgW)));
      return rleMerge(parts);
    }
  }
}
