/**
 * What a question-answering model can take, read from its graph: the rows of its word-embedding table (the largest
 * token id + 1 it can look up) and of its learned position embeddings (the longest sequence it can place). The word
 * table is the 2-D initializer a Gather reads with the token ids input (or, failing that, one named
 * `…word_embeddings…`); the position table the 2-D initializer named `…position_embeddings…` (Hugging Face
 * BERT/DistilBERT exports and the Zoo's bertsquad keep those names). Null where the graph does not say.
 */
import { readFileSync } from 'node:fs';
import { decodeModel } from '@modelbench/onnx';

export interface QaModelLimits {
  /** rows of the word-embedding table: token ids must be below this */
  vocabRows: number | null;
  /** rows of the position-embedding table: sequences must be at most this long */
  maxPositions: number | null;
}

export const NO_LIMITS: QaModelLimits = { vocabRows: null, maxPositions: null };

/** Limits from ONNX bytes; `inputIds` is the token ids input's name ('input_ids', 'input_ids:0'). */
export function qaModelLimits(bytes: Uint8Array, inputIds: string): QaModelLimits {
  let graph;
  try {
    graph = decodeModel(bytes).graph!;
  } catch {
    return NO_LIMITS;
  }
  const tables = new Map<string, number>();
  for (const t of graph.initializer) if (t.dims.length === 2) tables.set(t.name, Number(t.dims[0]));
  const named = (pattern: RegExp): number | null => {
    for (const [name, rows] of tables) if (pattern.test(name)) return rows;
    return null;
  };
  let vocabRows: number | null = null;
  for (const n of graph.node) {
    if (n.opType === 'Gather' && n.input[1] === inputIds && tables.has(n.input[0] ?? '')) {
      vocabRows = tables.get(n.input[0]!)!;
      break;
    }
  }
  return { vocabRows: vocabRows ?? named(/word_embeddings/), maxPositions: named(/position_embeddings/) };
}

/** Limits of the model file at `path`; none when it cannot be read. */
export function qaModelLimitsAt(path: string | undefined, inputIds: string): QaModelLimits {
  if (!path) return NO_LIMITS;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    return NO_LIMITS;
  }
  return qaModelLimits(bytes, inputIds);
}
