/**
 * DistilBertForQuestionAnswering hyper-parameters (Hugging Face `distilbert-base-uncased-distilled-squad`) and the
 * closed-form parameter and multiply-accumulate counts the generated graph must match.
 */
export interface DistilBertConfig {
  vocabSize: number;
  maxPositions: number;
  layers: number;
  hidden: number;
  heads: number;
  ffn: number;
  layerNormEps: number;
  /** id of [PAD]: its word-embedding row is zero, as torch's `padding_idx` leaves it */
  padTokenId: number;
}

export const DISTILBERT_BASE: DistilBertConfig = {
  vocabSize: 30522,
  maxPositions: 512,
  layers: 6,
  hidden: 768,
  heads: 12,
  ffn: 3072,
  layerNormEps: 1e-12,
  padTokenId: 0,
};

/** The sequence length the MAC figure is quoted at (SQuAD's max_seq_length). */
export const DISTILBERT_REFERENCE_SEQ_LEN = 384;

/**
 * Trainable parameters as `sum(p.numel() for p in model.parameters())` counts them:
 * embeddings (V·H + P·H + 2H) + layers · (4(H² + H) + 2H + (H·F + F) + (F·H + H) + 2H) + qa_outputs (2H + 2).
 */
export function distilBertParameterCount(c: DistilBertConfig): number {
  const h = c.hidden;
  const embeddings = c.vocabSize * h + c.maxPositions * h + 2 * h;
  const attention = 4 * (h * h + h);
  const ffn = h * c.ffn + c.ffn + c.ffn * h + h;
  const perLayer = attention + 2 * h + ffn + 2 * h;
  return embeddings + c.layers * perLayer + (2 * h + 2);
}

/**
 * Multiply-accumulates of one sample at sequence length S, counting the matrix products only (embedding gathers,
 * LayerNorm, softmax, GELU and the bias adds are not MACs):
 *   per layer: Q, K, V and output projections 4·S·H², scores Q·Kᵀ S²·H, weights·V S²·H, feed-forward 2·S·H·F;
 *   head: S·H·2.
 * At S = 384 with the base configuration: 6 · 2,944,401,408 + 589,824 = 17,666,998,272.
 */
export function distilBertMacs(c: DistilBertConfig, seqLen: number): number {
  const s = seqLen;
  const h = c.hidden;
  const perLayer = 4 * s * h * h + 2 * s * s * h + 2 * s * h * c.ffn;
  return c.layers * perLayer + s * h * 2;
}
