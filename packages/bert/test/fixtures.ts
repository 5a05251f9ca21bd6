/** Paths of the package's fixtures, for tests. */
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const TOKENIZER_JSON = `${FIXTURES}tokenizer.json`;
export const VOCAB_TXT = `${FIXTURES}vocab.txt`;
export const SQUAD_SAMPLE = `${FIXTURES}squad-v1.1-style-2articles-answerable.json`;
export const SQUAD_TINY = `${FIXTURES}squad-v1.1-style-tiny.json`;
