/**
 * Question-answering signature adapters, bound once per session into a `QaBinding` (input layout, fixed sequence
 * length, output names); pre-processing builds the feeds from it, post-processing reads the logits by its names.
 * - hf-qa: Hugging Face / optimum exports of *ForQuestionAnswering (input_ids, attention_mask[, token_type_ids] int64
 *   [batch, sequence] → start_logits, end_logits), DistilBERT's and BERT's alike, and the synthetic default.
 * - zoo-bertsquad: the ONNX Model Zoo's bertsquad-12 / -int8 (unique_ids_raw_output___9:0 [batch], segment_ids:0,
 *   input_mask:0, input_ids:0 int64 [batch, 256] → unstack:0 start, unstack:1 end, unique_ids:0).
 * Both read the vocabulary and position-embedding rows from the model's graph when the model file is given
 * (lib/model-limits.ts): a tokenizer or a sequence length the model cannot take is refused before running.
 */
import type { TensorSpec } from '@modelbench/backends';
import type { ModelAdapter, ModelSignature } from '@modelbench/harness';
import { qaModelLimitsAt } from './lib/model-limits.ts';

export interface QaBinding {
  /** 'hf': input_ids/attention_mask[/token_type_ids]; 'zoo': unique ids, segment ids, input mask, input ids */
  layout: 'hf' | 'zoo';
  /** hf only: the model takes token_type_ids */
  tokenTypeIds: boolean;
  /** the model's fixed sequence length, or null when the dimension is dynamic */
  fixedSeqLen: number | null;
  /** [start, end] logits output names */
  outputs: [string, string];
  /** rows of the model's word-embedding table (token ids must be below it), when the graph says */
  vocabRows: number | null;
  /** rows of the model's position embeddings (the longest sequence it takes), when the graph says */
  maxPositions: number | null;
}

function find(list: readonly TensorSpec[], name: string): TensorSpec | undefined {
  return list.find((t) => t.name === name);
}

/** Checks a [batch, sequence] int64 input; returns why not, or null. */
function tokenInput(sig: ModelSignature, name: string): string | null {
  const t = find(sig.inputs, name);
  if (!t) return `no input named '${name}'`;
  if (t.type !== 'int64') return `input '${name}' is ${t.type}, expected int64`;
  if (t.shape.length !== 2) return `input '${name}' has shape [${t.shape}], expected [batch, sequence]`;
  return null;
}

function seqDim(sig: ModelSignature, name: string): number | null {
  const d = find(sig.inputs, name)?.shape[1];
  return typeof d === 'number' ? d : null;
}

export const hfQaAdapter: ModelAdapter<QaBinding> = {
  name: 'hf-qa',
  signature: 'input_ids, attention_mask[, token_type_ids] int64[N,S] -> start_logits, end_logits float[N,S] (Hugging Face export)',
  match(sig) {
    for (const name of ['input_ids', 'attention_mask']) {
      const why = tokenInput(sig, name);
      if (why) return why;
    }
    if (find(sig.inputs, 'token_type_ids')) {
      const why = tokenInput(sig, 'token_type_ids');
      if (why) return why;
    }
    const extra = sig.inputs.filter((t) => !['input_ids', 'attention_mask', 'token_type_ids'].includes(t.name));
    if (extra.length) return `unexpected input '${extra[0]!.name}'`;
    for (const name of ['start_logits', 'end_logits']) if (!find(sig.outputs, name)) return `no output named '${name}'`;
    return null;
  },
  bind: (sig) => ({
    layout: 'hf',
    tokenTypeIds: find(sig.inputs, 'token_type_ids') !== undefined,
    fixedSeqLen: seqDim(sig, 'input_ids'),
    outputs: ['start_logits', 'end_logits'],
    ...qaModelLimitsAt(sig.modelPath, 'input_ids'),
  }),
};

export const ZOO_UNIQUE_IDS = 'unique_ids_raw_output___9:0';

export const zooBertSquadAdapter: ModelAdapter<QaBinding> = {
  name: 'zoo-bertsquad',
  signature: `${ZOO_UNIQUE_IDS} int64[N], segment_ids:0, input_mask:0, input_ids:0 int64[N,256] -> unstack:0 (start), unstack:1 (end) (ONNX Model Zoo bertsquad-12)`,
  match(sig) {
    const ids = find(sig.inputs, ZOO_UNIQUE_IDS);
    if (!ids) return `no input named '${ZOO_UNIQUE_IDS}'`;
    if (ids.type !== 'int64') return `input '${ZOO_UNIQUE_IDS}' is ${ids.type}, expected int64`;
    for (const name of ['segment_ids:0', 'input_mask:0', 'input_ids:0']) {
      const why = tokenInput(sig, name);
      if (why) return why;
    }
    for (const name of ['unstack:0', 'unstack:1']) if (!find(sig.outputs, name)) return `no output named '${name}'`;
    return null;
  },
  bind: (sig) => ({ layout: 'zoo', tokenTypeIds: true, fixedSeqLen: seqDim(sig, 'input_ids:0'), outputs: ['unstack:0', 'unstack:1'], ...qaModelLimitsAt(sig.modelPath, 'input_ids:0') }),
};

export const qaAdapters: readonly ModelAdapter<QaBinding>[] = [hfQaAdapter, zooBertSquadAdapter];
