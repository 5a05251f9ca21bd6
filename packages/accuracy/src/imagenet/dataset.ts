/**
 * An ImageNet-style validation set on disk, in either common layout:
 * - a labels file `val_map.txt` or `val.txt` beside the images (MLPerf, Caffe): one `relative/path label` per line,
 *   integer class indices;
 * - one folder per synset (`n01440764/…JPEG`, torchvision ImageFolder): class index = the synset's line in
 *   synset.txt, samples ordered by folder name then file name, as ImageFolder orders them.
 * Every problem is one BAD_INPUT line naming the file or folder and the fix: missing or empty folder, a labels line
 * that does not parse, a label outside [0, classes), a listed image that is not there, an unknown synset folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { BenchError } from '@modelbench/core';
import { loadSynsetIds } from './synset.ts';

export const LABEL_FILE_NAMES: readonly string[] = ['val_map.txt', 'val.txt'];
const IMAGE_EXTENSIONS = new Set(['.jpeg', '.jpg', '.png', '.bmp', '.webp', '.tif', '.tiff']);

export interface ImagenetSample {
  /** path relative to the data set folder, '/'-separated: the sample's key in predictions */
  file: string;
  label: number;
}

export interface ImagenetDataset {
  root: string;
  layout: 'labels-file' | 'synset-folders';
  /** the labels file (labels-file layout) or the synset list (folder layout) */
  labelsPath: string;
  samples: ImagenetSample[];
  /** sha256 of the ground truth as `file label` lines in sample order: the data set's identity in manifests */
  groundTruthSha256: string;
}

export interface ImagenetLoadOptions {
  /** a labels file elsewhere than the folder (its paths are still relative to the folder) */
  labelsFile?: string;
  /** synset.txt for the folder layout (required there) */
  synsetFile?: string;
  /** labels must lie in [0, classes); default 1000 */
  classes?: number;
}

function bad(what: string, hint: string): BenchError {
  return new BenchError('BAD_INPUT', `ImageNet data set ${what}`, { hint });
}

export function groundTruthDigest(samples: readonly ImagenetSample[]): string {
  const h = createHash('sha256');
  for (const s of samples) h.update(`${s.file} ${s.label}\n`);
  return h.digest('hex');
}

export function parseLabelsFile(text: string, source: string, classes: number): ImagenetSample[] {
  const out: ImagenetSample[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const m = /^(.+?)\s+(-?\d+)$/.exec(line);
    if (!m) throw bad(`${source} line ${i + 1}: expected 'file label', got '${line.slice(0, 80)}'`, 'each line is an image path and an integer class index');
    const label = Number(m[2]);
    if (label < 0 || label >= classes) throw bad(`${source} line ${i + 1}: label ${label} is outside 0..${classes - 1}`, 'labels are class indices of the model\'s outputs');
    const file = (m[1] as string).replace(/\\/g, '/');
    if (seen.has(file)) throw bad(`${source} line ${i + 1}: ${file} is listed twice`, 'list each image once');
    seen.add(file);
    out.push({ file, label });
  });
  return out;
}

function loadFromLabels(root: string, labelsPath: string, classes: number): ImagenetDataset {
  const samples = parseLabelsFile(readFileSync(labelsPath, 'utf8'), labelsPath, classes);
  if (samples.length === 0) throw bad(`${labelsPath} lists no images`, 'write one `file label` line per image');
  const missing = samples.filter((s) => !existsSync(join(root, s.file)));
  if (missing.length > 0) {
    throw bad(`${labelsPath} names ${missing.length} images that are not in ${root} (first: ${missing[0]!.file})`, 'copy the missing images, or remove their lines from the labels file');
  }
  return { root, layout: 'labels-file', labelsPath, samples, groundTruthSha256: groundTruthDigest(samples) };
}

function loadFromFolders(root: string, synsetFile: string | undefined, folders: string[]): ImagenetDataset {
  if (!synsetFile) throw bad(`${root} is laid out one folder per synset, but no synset list was given`, 'pass --synsets synset.txt (line i = class i)');
  const wnids = loadSynsetIds(synsetFile);
  const index = new Map(wnids.map((w, i) => [w, i] as const));
  const samples: ImagenetSample[] = [];
  for (const folder of [...folders].sort()) {
    const label = index.get(folder);
    if (label === undefined) throw bad(`${root}: folder ${folder} is not a synset of ${synsetFile}`, 'name each folder by its WordNet id (nXXXXXXXX) from synset.txt');
    const files = readdirSync(join(root, folder)).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort();
    for (const f of files) samples.push({ file: `${folder}/${f}`, label });
  }
  if (samples.length === 0) throw bad(`${root}: the synset folders hold no images`, 'put the validation images into their synset folders');
  return { root, layout: 'synset-folders', labelsPath: resolve(synsetFile), samples, groundTruthSha256: groundTruthDigest(samples) };
}

export function loadImagenetDataset(dir: string, options: ImagenetLoadOptions = {}): ImagenetDataset {
  const root = resolve(dir);
  const classes = options.classes ?? 1000;
  let st;
  try {
    st = statSync(root);
  } catch {
    throw bad(`${root}: no such folder`, 'pass the folder of the validation images (with val_map.txt / val.txt, or one folder per synset)');
  }
  if (!st.isDirectory()) throw bad(`${root} is a file, not a folder`, 'pass the folder that holds the images and the labels file');
  if (options.labelsFile) {
    if (!existsSync(options.labelsFile)) throw bad(`labels file ${options.labelsFile}: no such file`, 'check the --labels path');
    return loadFromLabels(root, resolve(options.labelsFile), classes);
  }
  const labelsName = LABEL_FILE_NAMES.find((n) => existsSync(join(root, n)));
  if (labelsName) return loadFromLabels(root, join(root, labelsName), classes);
  const entries = readdirSync(root, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  if (folders.length > 0) return loadFromFolders(root, options.synsetFile, folders);
  const images = entries.filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()));
  if (images.length > 0) throw bad(`${root} holds ${images.length} images but no val_map.txt or val.txt`, 'add a labels file with one `file label` line per image, or pass --labels FILE');
  throw bad(`${root} is empty (no images, no labels file, no synset folders)`, 'pass the folder of the ImageNet validation images');
}
