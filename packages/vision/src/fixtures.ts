/** Paths of the files in packages/vision/fixtures (see fixtures/NOTICE.md for origins and licenses). */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURES_DIR: string = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The six sample photos (classification and detection demos), sorted by name. */
export const SAMPLE_PHOTOS_DIR: string = join(FIXTURES_DIR, 'images');
export const COCO_DEMO_PHOTO: string = join(FIXTURES_DIR, 'coco', 'demo.jpg');
export const COCO_CLASSES_FILE: string = join(FIXTURES_DIR, 'coco', 'coco_classes.txt');
export const IMAGENET_SYNSET_FILE: string = join(FIXTURES_DIR, 'imagenet', 'synset.txt');
