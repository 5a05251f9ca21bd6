/**
 * Class-name lists: the 1000 ImageNet classes (synset.txt, line i+1 = class i), the Zoo's 80 COCO classes
 * (coco_classes.txt, line l+1 = label l, line 1 `__background`), and torchvision's 91-id COCO category list, which keeps
 * the gaps of the original COCO ids (12, 26, 29, 30, 45, 66, 68, 69, 71, 83 are 'N/A'). torchvision detection models
 * (ssd300_vgg16, maskrcnn_resnet50_fpn) output 91-id labels; the Zoo's SSD and Mask R-CNN output 80-class labels.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';
import { COCO_CLASSES_FILE } from './fixtures.ts';

export interface ImagenetClass {
  index: number;
  /** WordNet id, e.g. n02123045. */
  wnid: string;
  /** all synonyms, e.g. 'tabby, tabby cat'. */
  names: string;
  /** the first synonym, e.g. 'tabby'. */
  name: string;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new BenchError('IO', `cannot read the ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function lines(text: string): string[] {
  const ls = text.split(/\r?\n/);
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

export function parseImagenetSynset(text: string, source = 'synset'): ImagenetClass[] {
  const ls = lines(text);
  if (ls.length !== 1000) throw new BenchError('BAD_INPUT', `${source}: expected 1000 ImageNet classes, found ${ls.length} lines`);
  return ls.map((line, index) => {
    const m = /^(n\d{8})\s+(.+)$/.exec(line.trim());
    if (!m) throw new BenchError('BAD_INPUT', `${source} line ${index + 1}: expected 'nXXXXXXXX names', got '${line}'`);
    const names = m[2] as string;
    return { index, wnid: m[1] as string, names, name: (names.split(',')[0] as string).trim() };
  });
}

export function loadImagenetClasses(path: string): ImagenetClass[] {
  return parseImagenetSynset(readText(path, 'ImageNet synset file'), path);
}

/** 81 names: index 0 `__background`, then the 80 COCO classes; Zoo label l is entry l. */
export function parseCocoClasses(text: string, source = 'coco classes'): string[] {
  const ls = lines(text).map((l) => l.trim());
  if (ls.length !== 81 || !/^__background/.test(ls[0] as string)) {
    throw new BenchError('BAD_INPUT', `${source}: expected 81 lines starting with __background, found ${ls.length}`);
  }
  return ls;
}

export function loadCocoClasses(path: string): string[] {
  return parseCocoClasses(readText(path, 'COCO class list'), path);
}

/** Original COCO category ids that have no class: torchvision names them 'N/A'. */
export const COCO_91_GAP_IDS: readonly number[] = [12, 26, 29, 30, 45, 66, 68, 69, 71, 83];

/** COCO_80_TO_91[l - 1] = torchvision/COCO category id of Zoo label l (1..80). */
export const COCO_80_TO_91: readonly number[] = Array.from({ length: 90 }, (_, i) => i + 1).filter((id) => !COCO_91_GAP_IDS.includes(id));

/** torchvision's 91 category names (`__background__`, 'person', …, 'N/A' at the gaps) from the 81-line Zoo list. */
export function cocoCategories91(cocoClasses81: readonly string[]): string[] {
  if (cocoClasses81.length !== 81) throw new BenchError('BAD_INPUT', `expected 81 COCO class names, got ${cocoClasses81.length}`);
  const out = new Array<string>(91).fill('N/A');
  out[0] = '__background__';
  COCO_80_TO_91.forEach((id, i) => (out[id] = cocoClasses81[i + 1] as string));
  return out;
}

/** Name of a label id under either convention; unknown ids become `class <id>`. */
export function labelName(names: readonly string[], id: number): string {
  return names[id] ?? `class ${id}`;
}

let coco91: string[] | undefined;

/** torchvision's 91-id COCO name of a category id, from the project's COCO class list (read once). */
export function cocoClassName(id: number): string {
  coco91 ??= cocoCategories91(loadCocoClasses(COCO_CLASSES_FILE));
  return labelName(coco91, id);
}
