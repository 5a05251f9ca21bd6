/** The package's fixtures: the default tokenizer and SQuAD sample (see fixtures/NOTICE.md for origin and license). */
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export const DEFAULT_TOKENIZER = `${FIXTURES}tokenizer.json`;
export const DEFAULT_VOCAB = `${FIXTURES}vocab.txt`;
/** 293 answerable SQuAD dev questions (articles "Normans" and "Computational_complexity_theory"), v1.1 layout */
export const DEFAULT_SQUAD = `${FIXTURES}squad-v1.1-style-2articles-answerable.json`;
