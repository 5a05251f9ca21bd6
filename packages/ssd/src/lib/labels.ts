/** torchvision's 91-id COCO category names, built from the project's 81-line COCO class list (vision fixtures). */
import { COCO_CLASSES_FILE, cocoCategories91, labelName, loadCocoClasses } from '@modelbench/vision';

let cached: string[] | undefined;

export function cocoNames91(): string[] {
  cached ??= cocoCategories91(loadCocoClasses(COCO_CLASSES_FILE));
  return cached;
}

export function className(id: number): string {
  return labelName(cocoNames91(), id);
}
