/**
 * ImageNet class indices from a synset list (`synset.txt`: line i+1 = class i, `nXXXXXXXX names…`), the order of
 * torchvision's ImageFolder over the 1000 sorted WordNet ids and of the models' 1000 outputs.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';

export function parseSynsetIds(text: string, source = 'synset.txt'): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    const m = /^(n\d{8})\b/.exec(line.trim());
    if (!m) {
      throw new BenchError('BAD_INPUT', `synset list ${source} line ${i + 1}: expected 'nXXXXXXXX names', got '${line.slice(0, 60)}'`, {
        hint: 'pass the 1000-line ImageNet synset.txt (one WordNet id and its names per line)',
      });
    }
    return m[1] as string;
  });
}

export function loadSynsetIds(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BenchError('BAD_INPUT', `synset list ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      hint: 'pass the ImageNet synset.txt with --synsets',
    });
  }
  return parseSynsetIds(text, path);
}
