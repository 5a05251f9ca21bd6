/** torchvision's 91-id COCO category names, from the Zoo's 81-line class list in the vision fixtures. */
import { COCO_CLASSES_FILE, cocoCategories91, labelName, loadCocoClasses } from '@modelbench/vision';

let names: string[] | undefined;

export function className(classId: number): string {
  names ??= cocoCategories91(loadCocoClasses(COCO_CLASSES_FILE));
  return labelName(names, classId);
}
