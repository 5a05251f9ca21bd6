/**
 * The original models as ONNX exports where their publishers host them. None of these publishes a sha256, so every
 * entry is unpinned: fetching needs `--allow-unpinned`, prints the computed hash and records it next to the file.
 * Sizes are the hosting page's rounded figures, shown by `models list` only.
 */
import type { IoSignature, RemoteEntry } from './types.ts';

const XENOVA_SQUAD = 'https://huggingface.co/Xenova/distilbert-base-uncased-distilled-squad/resolve/main';

/** DistilBertForQuestionAnswering as Hugging Face optimum exports it for transformers.js (no token_type_ids). */
const HF_DISTILBERT_QA: IoSignature = {
  inputs: [
    { name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
    { name: 'attention_mask', type: 'int64', shape: ['batch_size', 'sequence_length'] },
  ],
  outputs: [
    { name: 'start_logits', type: 'float32', shape: ['batch_size', 'sequence_length'] },
    { name: 'end_logits', type: 'float32', shape: ['batch_size', 'sequence_length'] },
  ],
};

const DISTILBERT_NOTES =
  'distilbert-base-uncased distilled on SQuAD v1.1; uncased WordPiece (tokenizer.json companion), any sequence ' +
  'length up to 512; outputs start/end logits. Signature as optimum exports it, read the file to confirm.';

export const EXPORT_ENTRIES: readonly RemoteEntry[] = [
  {
    id: 'distilbert-squad-xenova',
    workload: 'bert',
    title: 'DistilBERT base uncased, distilled SQuAD (transformers.js export, fp32)',
    license: 'Apache-2.0',
    signature: HF_DISTILBERT_QA,
    notes: DISTILBERT_NOTES,
    source: 'export',
    kind: 'model',
    format: 'onnx',
    precision: 'fp32',
    urls: [`${XENOVA_SQUAD}/onnx/model.onnx`],
    pin: null,
    approxSizeBytes: 266_000_000,
    companions: ['distilbert-squad-xenova-tokenizer'],
    provenance: 'Xenova/distilbert-base-uncased-distilled-squad (Hugging Face), branch main; no published hash',
  },
  {
    id: 'distilbert-squad-xenova-quantized',
    workload: 'bert',
    title: 'DistilBERT base uncased, distilled SQuAD (transformers.js export, int8 dynamic quantisation)',
    license: 'Apache-2.0',
    signature: HF_DISTILBERT_QA,
    notes: DISTILBERT_NOTES,
    source: 'export',
    kind: 'model',
    format: 'onnx',
    precision: 'int8',
    urls: [`${XENOVA_SQUAD}/onnx/model_quantized.onnx`],
    pin: null,
    approxSizeBytes: 67_000_000,
    companions: ['distilbert-squad-xenova-tokenizer'],
    provenance: 'Xenova/distilbert-base-uncased-distilled-squad (Hugging Face), branch main; no published hash',
  },
  {
    id: 'distilbert-squad-xenova-tokenizer',
    workload: 'bert',
    title: 'tokenizer.json of the DistilBERT SQuAD export (uncased WordPiece, Hugging Face tokenizers format)',
    license: 'Apache-2.0',
    source: 'export',
    kind: 'tokenizer',
    format: 'json',
    urls: [`${XENOVA_SQUAD}/tokenizer.json`],
    pin: null,
    approxSizeBytes: 712_000,
    provenance: 'Xenova/distilbert-base-uncased-distilled-squad (Hugging Face), branch main; no published hash',
  },
];
