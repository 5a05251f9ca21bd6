/**
 * Synthetic Hugging Face `DistilBertForQuestionAnswering` (distilbert-base-uncased-distilled-squad's architecture):
 * word + learned position embeddings → LayerNorm → 6 × (self-attention, add & LayerNorm, FFN with exact GELU, add &
 * LayerNorm) → qa_outputs Linear(768, 2) split into start and end logits. No token-type embeddings.
 * Inputs `input_ids`, `attention_mask` int64 [batch, sequence]; outputs `start_logits`, `end_logits` float32
 * [batch, sequence]; both dimensions dynamic (sequence ≤ 512). Weights are seeded, not trained.
 */
import { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import { Rng } from '@modelbench/core';
import type { SyntheticModel } from '../types.ts';
import { attentionConstants, multiHeadSelfAttention } from './attention.ts';
import { DISTILBERT_BASE, DISTILBERT_REFERENCE_SEQ_LEN, type DistilBertConfig } from './config.ts';
import { TransformerOps, type WeightInit } from './ops.ts';

export const DISTILBERT_BUILDER_VERSION = 1;

export interface DistilBertOptions {
  seed?: number;
  config?: Partial<DistilBertConfig>;
  init?: Partial<WeightInit>;
  /** sequence length `macsPerSample` is quoted at (default 384) */
  macSeqLen?: number;
}

/** Hugging Face's initializer_range (0.02) for weights; small biases and LayerNorm spread so it is not all-symmetric. */
export const DISTILBERT_WEIGHT_INIT: WeightInit = { weightStd: 0.02, biasStd: 0.02, layerNormSpread: 0.1 };

export function buildDistilBertQA(options: DistilBertOptions = {}): SyntheticModel {
  const c: DistilBertConfig = { ...DISTILBERT_BASE, ...options.config };
  const macSeqLen = options.macSeqLen ?? DISTILBERT_REFERENCE_SEQ_LEN;
  const g = new GraphBuilder('distilbert_qa');
  const root = new Rng(options.seed ?? 66);
  const ops = (label: string): TransformerOps => new TransformerOps(g, root.fork(label), { ...DISTILBERT_WEIGHT_INIT, ...options.init }, macSeqLen);
  const shared = ops('shared');

  const inputIds = g.input('input_ids', 'INT64', ['batch', 'sequence']);
  const attentionMask = g.input('attention_mask', 'INT64', ['batch', 'sequence']);

  // embeddings: word_embeddings[input_ids] + position_embeddings[0..S-1], LayerNorm
  const emb = ops('embeddings');
  const words = emb.embedding(inputIds, c.vocabSize, c.hidden, 'distilbert.embeddings.word_embeddings', c.padTokenId);
  const seqLen = g.op('Gather', [g.op('Shape', [inputIds]), g.constInt64('seq_axis', [1], [])], { axis: attr.int(0) });
  const positionIds = g.op('Range', [g.constInt64('range.start', [0], []), seqLen, g.constInt64('range.delta', [1], [])]);
  const positions = emb.embedding(positionIds, c.maxPositions, c.hidden, 'distilbert.embeddings.position_embeddings');
  let x = emb.layerNorm(g.op('Add', [words, positions]), c.hidden, c.layerNormEps, 'distilbert.embeddings.LayerNorm');

  const shape = { hidden: c.hidden, heads: c.heads };
  const constants = attentionConstants(shared, attentionMask, shape);
  for (let i = 0; i < c.layers; i++) {
    const stem = `distilbert.transformer.layer.${i}`;
    const l = ops(stem);
    const attended = multiHeadSelfAttention(l, x, constants, shape, `${stem}.attention`);
    const sa = l.layerNorm(g.op('Add', [attended, x]), c.hidden, c.layerNormEps, `${stem}.sa_layer_norm`);
    const hiddenFfn = l.geluErf(l.linear(sa, c.hidden, c.ffn, `${stem}.ffn.lin1`));
    const ffnOut = l.linear(hiddenFfn, c.ffn, c.hidden, `${stem}.ffn.lin2`);
    x = l.layerNorm(g.op('Add', [ffnOut, sa]), c.hidden, c.layerNormEps, `${stem}.output_layer_norm`);
  }

  const logits = ops('qa_outputs').linear(x, c.hidden, 2, 'qa_outputs'); // [B, S, 2]
  const [start, end] = g.node('Split', [logits], { axis: attr.int(-1) }, 2) as [string, string];
  const lastAxis = g.constInt64('squeeze_axes', [-1]);
  g.op('Squeeze', [start, lastAxis], {}, 'start_logits');
  g.op('Squeeze', [end, lastAxis], {}, 'end_logits');
  g.output('start_logits', 'FLOAT', ['batch', 'sequence']);
  g.output('end_logits', 'FLOAT', ['batch', 'sequence']);

  return {
    id: 'distilbert-squad-synthetic',
    architecture: 'Hugging Face DistilBertForQuestionAnswering (distilbert-base-uncased-distilled-squad)',
    bytes: g.toBytes({
      metadata: {
        architecture: 'transformers.DistilBertForQuestionAnswering',
        weights: 'synthetic (seeded)',
        builder_version: String(DISTILBERT_BUILDER_VERSION),
      },
    }),
    parameters: g.parameters,
    macsPerSample: g.macs,
    details: { config: c, macSeqLen, maxSequence: c.maxPositions },
  };
}
