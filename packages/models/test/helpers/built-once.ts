/**
 * The full-size synthetic graphs several test files read at their default options (ResNet50, SSD300-VGG16, DistilBERT),
 * each built once a test run instead of once a file: this package's test files share one worker's module cache
 * (vitest isolate: false), so this module — and what it has built — is shared between them. The builders are seeded
 * and deterministic (resnet50.test.ts builds again and compares the bytes). Callers read the models, never modify them.
 */
import { buildDistilBertQA } from '../../src/synthetic/distilbert/index.ts';
import { buildResNet50 } from '../../src/synthetic/resnet50.ts';
import { buildSsd300Vgg16 } from '../../src/synthetic/ssd300/index.ts';

const built = new Map<string, unknown>();

function once<T>(key: string, build: () => T): T {
  if (!built.has(key)) built.set(key, build());
  return built.get(key) as T;
}

export const resnet50AtDefaults = (): ReturnType<typeof buildResNet50> => once('resnet50', () => buildResNet50());
export const ssd300AtDefaults = (): ReturnType<typeof buildSsd300Vgg16> => once('ssd300', () => buildSsd300Vgg16());
export const distilBertAtDefaults = (): ReturnType<typeof buildDistilBertQA> => once('distilbert', () => buildDistilBertQA());
