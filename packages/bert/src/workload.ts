/**
 * The BERT workload (Hugging Face DistilBertForQuestionAnswering on SQuAD; the Zoo's bertsquad-12): `performance` on
 * SQuAD records at their natural length, `validate` on one question and a sample of records (same span, logits
 * relative error, EM/F1 of the candidate against fp32 and, with real weights, the references).
 */
import { BenchError, type FlagSpecs } from '@modelbench/core';
import type { Workload } from '@modelbench/harness';
import { bertAccuracy } from './accuracy.ts';
import { qaAdapters, type QaBinding } from './adapters.ts';
import { bertAgreement, DEFAULT_THRESHOLDS, type BertAgreementDetails } from './agreement.ts';
import { DEFAULT_SQUAD, DEFAULT_TOKENIZER } from './lib/defaults.ts';
import { bertPerformance, bertPerformanceFlags } from './performance.ts';
import { bertPipeline } from './pipeline.ts';
import type { QaAnswer } from './postprocess.ts';
import { agreementLines, answerLine, contextBlock, scoreText } from './report.ts';
import { chooseQuestion, qaSample, recordQuestion, type QaSample } from './samples.ts';
import { loadSquad } from './lib/squad.ts';
import { loadQaTokenizer } from './lib/tokenizer.ts';

export const bertValidateFlags = {
  squad: { kind: 'string', value: 'FILE', default: DEFAULT_SQUAD, description: 'SQuAD v1.1/v2.0 JSON (default: the 293-question fixture)' },
  'squad-id': { kind: 'string', value: 'ID', description: 'the SQuAD record to answer (the original\'s -id); default: the first' },
  question: { kind: 'string', value: 'TEXT', description: 'your own question (the original\'s -q); needs --context or --context-file' },
  context: { kind: 'string', value: 'TEXT', description: 'your own context (the original\'s -t)' },
  'context-file': { kind: 'string', value: 'FILE', description: 'read the context from a UTF-8 text file' },
  tokenizer: { kind: 'string', value: 'FILE', default: DEFAULT_TOKENIZER, description: 'tokenizer.json or vocab.txt' },
  records: { kind: 'positiveInt', default: 16, description: 'SQuAD records in the agreement sample' },
  'max-logits-rel-error': { kind: 'positiveNumber', default: DEFAULT_THRESHOLDS.maxLogitsRelError, description: 'largest accepted relative error of start/end logits' },
  'min-exact-match': { kind: 'number', default: DEFAULT_THRESHOLDS.minExactMatch, description: 'not synthetic weights: least accepted EM (%) of the answers against fp32' },
  'min-f1': { kind: 'number', default: DEFAULT_THRESHOLDS.minF1, description: 'not synthetic weights: least accepted F1 (%) of the answers against fp32' },
} as const satisfies FlagSpecs;

export const bertWorkload: Workload<QaBinding, QaSample, QaAnswer, BertAgreementDetails, typeof bertPerformanceFlags, typeof bertValidateFlags> = {
  id: 'bert',
  title: 'DistilBERT SQuAD question answering (Hugging Face DistilBertForQuestionAnswering; ONNX Model Zoo bertsquad-12)',
  adapters: qaAdapters,
  pipeline: bertPipeline,
  performance: bertPerformance,
  validate: {
    flags: bertValidateFlags,
    thresholds: { ...DEFAULT_THRESHOLDS },
    predictionsFile: 'predictions.json',
    async loadSamples({ options: f, positionals }) {
      if (positionals.length) throw new BenchError('USAGE', `bert validate: unexpected argument '${positionals[0]}'`);
      const tokenizer = loadQaTokenizer(f.tokenizer);
      const records = loadSquad(f.squad);
      const asked = await qaSample(tokenizer, chooseQuestion(f, records));
      const sample: QaSample[] = [];
      for (const r of records.slice(0, f.records)) sample.push(await qaSample(tokenizer, recordQuestion(r)));
      return [asked, ...sample];
    },
    agreement: (reference, candidate, { samples, options: f, synthetic }) =>
      bertAgreement(reference, candidate, samples.map((s) => s.references), synthetic, { maxLogitsRelError: f['max-logits-rel-error'], minExactMatch: f['min-exact-match'], minF1: f['min-f1'] }),
    report({ samples, reference, candidate, agreement, candidateLabel }) {
      const q = samples[0]!;
      const ref = reference[0]!;
      const label = candidateLabel.text;
      const d = agreement.details;
      return [
        q.label,
        contextBlock(q.context),
        `question: ${q.question}`,
        ...ref.warnings.map((w) => `warning: ${w}`),
        `features: ${ref.windows} window(s) of ≤ ${ref.maxSeqLen} tokens (${q.contextTokens.ids.length} context tokens)`,
        answerLine('fp32 answer', ref.best),
        answerLine(`${label} answer`, candidate[0]!.best),
        `reference answers: ${q.references.length ? q.references.map((r) => `"${r}"`).join(' | ') : '(none: your own question)'}`,
        ...agreementLines(label, d.question, d.sample),
        d.vsReferences ? `against the SQuAD references over the sample: fp32 ${scoreText(d.vsReferences.fp32)}; ${label} ${scoreText(d.vsReferences.candidate)}` : 'against the SQuAD references: not scored (synthetic weights)',
      ];
    },
    predictionsJson: ({ samples, reference, candidate }) => ({
      question: { label: samples[0]!.label, fp32: reference[0]!.best?.text ?? null, candidate: candidate[0]!.best?.text ?? null, references: samples[0]!.references },
      predictions: samples.slice(1).map((s, i) => ({ id: s.id, fp32: reference[i + 1]!.best?.text ?? '', candidate: candidate[i + 1]!.best?.text ?? '', references: s.references })),
    }),
  },
  accuracy: bertAccuracy,
};
