/**
 * Where each detection's label tag goes so tags do not cover one another (Mask R-CNN's overlapping instances put
 * many tags at nearly the same corner). Pure: greedy, the most confident detection first; each tag takes the first
 * free spot among above the box, inside its top, below it, inside its bottom, then stacked further above/inside in
 * tag-height steps; when every spot is taken it falls back to the first one.
 */
import type { Box } from './boxes.ts';

export interface TagRequest {
  /** (x1, y1, x2, y2) of the detection's box, in pixels */
  box: Box;
  widthPx: number;
  heightPx: number;
  score: number;
}

export interface TagPlace {
  x: number;
  y: number;
}

type Rect = [number, number, number, number];

function overlaps(a: Rect, b: Rect): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

const STACK_STEPS = 6;

export function placeTags(tags: readonly TagRequest[], imageWidthPx: number, imageHeightPx: number): TagPlace[] {
  const order = tags.map((_, i) => i).sort((a, b) => (tags[b] as TagRequest).score - (tags[a] as TagRequest).score || a - b);
  const taken: Rect[] = [];
  const out: TagPlace[] = new Array<TagPlace>(tags.length);
  for (const i of order) {
    const t = tags[i] as TagRequest;
    const [bx0, by0, , by1] = t.box.map((v) => Math.round(v)) as [number, number, number, number];
    const w = t.widthPx;
    const h = t.heightPx;
    const ys = [by0 - h, by0, by1 + 1, by1 - h + 1];
    for (let k = 1; k <= STACK_STEPS; k++) ys.push(by0 - h - k * h, by0 + k * h);
    const x = Math.max(0, Math.min(bx0, imageWidthPx - w));
    const spots = ys.map((y) => ({ x, y: Math.max(0, Math.min(y, imageHeightPx - h)) }));
    const free = spots.find((s) => !taken.some((r) => overlaps(r, [s.x, s.y, s.x + w, s.y + h])));
    const place = free ?? (spots[0] as TagPlace);
    taken.push([place.x, place.y, place.x + w, place.y + h]);
    out[i] = place;
  }
  return out;
}
