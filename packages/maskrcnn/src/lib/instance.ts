/** One Mask R-CNN instance in a photo's pixels: box, torchvision 91-id COCO label, score, binary mask. */
import type { Box } from '@modelbench/vision';

export interface Instance {
  /** (x1, y1, x2, y2) in photo pixels */
  box: Box;
  /** torchvision / COCO category id (1..90; the Zoo's 1..80 labels are mapped) */
  classId: number;
  score: number;
  /** width × height bytes of the photo, 1 inside the instance (probability > the mask threshold) */
  mask: Uint8Array;
}
