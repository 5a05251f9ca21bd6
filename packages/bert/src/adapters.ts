/**
 * Question-answering signature adapters: how token batches become feeds and which outputs hold the logits.
 * - hf-qa: Hugging Face / optimum exports of *ForQuestionAnswering (input_ids, attention_mask[, token_type_ids] int64
 *   [batch, sequence] → start_logits, end_logits), DistilBERT's and BERT's alike, and the synthetic default.
 * - zoo-bertsquad: the ONNX Model Zoo's bertsquad-12 / -int8 (unique_ids_raw_output___9:0 [batch], segment_ids:0,
 *   input_mask:0, input_ids:0 int64 [batch, 256] → unstack:0 start, unstack:1 end, unique_ids:0).
 */
import type { Feeds, HostTensor, Outputs, TensorSpec } from '@modelbench/backends';
import { BenchError } from '@modelbench/core';
import type { ModelSignature, SignatureAdapter } from '@modelbench/harness';
import type { TokenBatch } from './batch.ts';

export interface QaAdapter extends SignatureAdapter {
  /** the model's fixed sequence length, or null when the dimension is dynamic */
  fixedSeqLen(sig: ModelSignature): number | null;
  feeds(batch: TokenBatch, sig: ModelSignature): Feeds;
  /** [start, end] output names */
  outputNames(sig: ModelSignature): [string, string];
}

const int64 = (data: BigInt64Array, dims: number[]): HostTensor => ({ type: 'int64', dims, data });

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

export const hfQaAdapter: QaAdapter = {
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
  fixedSeqLen: (sig) => seqDim(sig, 'input_ids'),
  feeds(b, sig) {
    const dims = [b.batch, b.seqLen];
    const feeds: Feeds = { input_ids: int64(b.inputIds, dims), attention_mask: int64(b.attentionMask, dims) };
    if (find(sig.inputs, 'token_type_ids')) feeds.token_type_ids = int64(b.tokenTypeIds, dims);
    return feeds;
  },
  outputNames: () => ['start_logits', 'end_logits'],
};

const ZOO_UNIQUE_IDS = 'unique_ids_raw_output___9:0';

export const zooBertSquadAdapter: QaAdapter = {
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
  fixedSeqLen: (sig) => seqDim(sig, 'input_ids:0'),
  feeds(b) {
    const dims = [b.batch, b.seqLen];
    return {
      [ZOO_UNIQUE_IDS]: int64(BigInt64Array.from({ length: b.batch }, (_, i) => BigInt(i)), [b.batch]),
      'segment_ids:0': int64(b.tokenTypeIds, dims),
      'input_mask:0': int64(b.attentionMask, dims),
      'input_ids:0': int64(b.inputIds, dims),
    };
  },
  outputNames: () => ['unstack:0', 'unstack:1'],
};

export const qaAdapters: readonly QaAdapter[] = [hfQaAdapter, zooBertSquadAdapter];

/** The start and end logits of a run, as float32 [batch, seqLen]. */
export function readLogits(outputs: Outputs, names: [string, string], batch: TokenBatch): { start: Float32Array; end: Float32Array } {
  const pick = (name: string): Float32Array => {
    const t = outputs[name];
    if (!t) throw new BenchError('INFERENCE_FAILED', `the model returned no '${name}' output`);
    if (!(t.data instanceof Float32Array)) throw new BenchError('MODEL_SIGNATURE', `output '${name}' is ${t.type}, expected float32`);
    if (t.data.length !== batch.batch * batch.seqLen) {
      throw new BenchError('MODEL_SIGNATURE', `output '${name}' has shape [${t.dims}], expected [${batch.batch},${batch.seqLen}]`);
    }
    return t.data;
  };
  return { start: pick(names[0]), end: pick(names[1]) };
}
