/**
 * BERT `validate`: answers one question (a SQuAD record, or --question/--context) in fp32 and in the requested
 * precision (bf16 with --bf16, native or emulated), prints both answers with the references, then the agreement on that
 * question and over a sample of SQuAD records, and a verdict: exit 0 within the thresholds, 1 outside, 2 on bad input.
 */
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError, parseCommandLine, writeFileAtomic, writeJsonRecords, type FlagSpecs } from '@modelbench/core';
import { backendFlags, validateRecords, modelFlags, openSession, recoverNxArgs, resolveModel, selectAdapter } from '@modelbench/harness';
import { qaAdapters } from './adapters.ts';
import { qaAgreement, setAgreement } from './agreement.ts';
import { DEFAULT_SQUAD, DEFAULT_TOKENIZER } from './defaults.ts';
import { buildQaExample } from './features.ts';
import { featureOptionsFor, runExample } from './qa-session.ts';
import { squadScore } from './squad-metrics.ts';
import { findSquadRecord, loadSquad, type SquadRecord } from './squad.ts';
import { decodeUtf8Strict } from './text.ts';
import { loadQaTokenizer } from './tokenizer.ts';
import { agreementLines, answerLine, contextBlock, decideVerdict, scoreText, verdictLine } from './validate-report.ts';

export const bertValidateFlags = {
  ...modelFlags,
  ...backendFlags,
  squad: { kind: 'string', value: 'FILE', default: DEFAULT_SQUAD, description: 'SQuAD v1.1/v2.0 JSON (default: the 293-question fixture)' },
  'squad-id': { kind: 'string', value: 'ID', description: 'the SQuAD record to answer (the original\'s -id); default: the first' },
  question: { kind: 'string', value: 'TEXT', description: 'your own question (the original\'s -q); needs --context or --context-file' },
  context: { kind: 'string', value: 'TEXT', description: 'your own context (the original\'s -t)' },
  'context-file': { kind: 'string', value: 'FILE', description: 'read the context from a UTF-8 text file' },
  tokenizer: { kind: 'string', value: 'FILE', default: DEFAULT_TOKENIZER, description: 'tokenizer.json or vocab.txt' },
  records: { kind: 'positiveInt', default: 16, description: 'SQuAD records in the agreement sample' },
  'max-logits-rel-error': { kind: 'positiveNumber', default: 0.05, description: 'largest accepted relative error of start/end logits' },
  'min-exact-match': { kind: 'number', default: 90, description: 'real weights: least accepted EM (%) of the answers against fp32' },
  'min-f1': { kind: 'number', default: 95, description: 'real weights: least accepted F1 (%) of the answers against fp32' },
  'out-dir': { kind: 'string', value: 'DIR', default: 'out/validate/bert', description: 'where predictions.json is written' },
  json: { kind: 'string', value: 'FILE', description: 'write the run records as JSON' },
} as const satisfies FlagSpecs;

interface Question {
  label: string;
  question: string;
  context: string;
  references: string[];
}

function chooseQuestion(f: { question?: string | undefined; context?: string | undefined; 'context-file'?: string | undefined; 'squad-id'?: string | undefined }, records: readonly SquadRecord[]): Question {
  if (f.context !== undefined && f['context-file'] !== undefined) throw new BenchError('USAGE', '--context and --context-file are mutually exclusive');
  let context = f.context;
  if (f['context-file'] !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(f['context-file']);
    } catch (e) {
      throw new BenchError('IO', `cannot read --context-file ${f['context-file']}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    context = decodeUtf8Strict(bytes, `--context-file ${f['context-file']}`);
  }
  if (f.question !== undefined || context !== undefined) {
    if (f.question === undefined) throw new BenchError('USAGE', '--context needs --question', { hint: 'pass both, or --squad-id ID' });
    if (context === undefined) throw new BenchError('USAGE', '--question needs --context or --context-file');
    if (f['squad-id'] !== undefined) throw new BenchError('USAGE', '--squad-id cannot be combined with --question/--context');
    return { label: 'your question', question: f.question, context, references: [] };
  }
  const r = f['squad-id'] !== undefined ? findSquadRecord(records, f['squad-id']) : records[0]!;
  return { label: `SQuAD ${r.id} (${r.title})`, question: r.question, context: r.context, references: r.answers.map((a) => a.text) };
}

export async function validate(argv: string[]): Promise<number> {
  const startedAt = new Date();
  const { flags: f, positionals } = parseCommandLine(recoverNxArgs(argv), bertValidateFlags, 'bert validate');
  if (positionals.length) throw new BenchError('USAGE', `bert validate: unexpected argument '${positionals[0]}'`);
  const tokenizer = loadQaTokenizer(f.tokenizer);
  const records = loadSquad(f.squad);
  const q = chooseQuestion(f, records);
  const candidatePrecision = f.bf16 ? 'bf16' : 'fp32';
  await buildQaExample(tokenizer, q.question, q.context); // bad text fails here, before minutes of model loading

  const model = await resolveModel('bert', f);
  const fp32 = await openSession(model, f, 'fp32');
  const cand = await openSession(model, f, candidatePrecision);
  try {
    const adapter = selectAdapter(qaAdapters, fp32.loaded, f.adapter);
    const options = featureOptionsFor(adapter, fp32.loaded);
    const example = await buildQaExample(tokenizer, q.question, q.context, options);
    const ref = await runExample(fp32.loaded, adapter, tokenizer, example);
    const got = await runExample(cand.loaded, adapter, tokenizer, example);
    const main = qaAgreement(ref, got);

    const sample = records.slice(0, f.records);
    const pairs = [];
    for (const r of sample) {
      const ex = await buildQaExample(tokenizer, r.question, r.context, options);
      pairs.push({ record: r, reference: await runExample(fp32.loaded, adapter, tokenizer, ex), candidate: await runExample(cand.loaded, adapter, tokenizer, ex) });
    }
    const set = setAgreement(pairs);
    const truths = pairs.map((p) => p.record.answers.map((a) => a.text));
    const fp32VsRefs = squadScore(pairs.map((p, i) => ({ prediction: p.reference.best?.text ?? '', groundTruths: truths[i]! })));
    const candVsRefs = squadScore(pairs.map((p, i) => ({ prediction: p.candidate.best?.text ?? '', groundTruths: truths[i]! })));
    const verdict = decideVerdict(model.synthetic, main, set, { maxLogitsRelError: f['max-logits-rel-error'], minExactMatch: f['min-exact-match'], minF1: f['min-f1'] });

    const exec = cand.backendInfo.precision === 'bf16' ? `bf16 ${cand.backendInfo.execution}` : 'fp32';
    const out: string[] = [
      `bert validate: model ${model.info.id} (${model.synthetic ? 'SYNTHETIC seeded weights: the answers mean nothing, the agreement still does' : 'real weights'}), adapter ${adapter.name}, backend ${fp32.backendInfo.id}, fp32 vs ${exec}`,
      `${q.label}`,
      contextBlock(q.context),
      `question: ${example.question}`,
      ...example.warnings.map((w) => `warning: ${w}`),
      `features: ${example.features.length} window(s) of ≤ ${options.maxSeqLen} tokens (${example.contextTokens} context tokens)`,
      answerLine('fp32 answer', ref.best),
      answerLine(`${exec} answer`, got.best),
      `reference answers: ${q.references.length ? q.references.map((r) => `"${r}"`).join(' | ') : '(none: your own question)'}`,
      ...agreementLines(exec, main, set),
    ];
    if (!model.synthetic) out.push(`against the SQuAD references over the sample: fp32 ${scoreText(fp32VsRefs)}; ${exec} ${scoreText(candVsRefs)}`);
    else out.push('against the SQuAD references: not scored (synthetic weights)');
    out.push(verdictLine(verdict));
    process.stdout.write(out.join('\n') + '\n');

    const agreement = {
      question: { label: q.label, fp32: ref.best?.text ?? null, candidate: got.best?.text ?? null, references: q.references, ...main },
      sample: set,
      vsReferences: model.synthetic ? null : { fp32: fp32VsRefs, candidate: candVsRefs },
      verdict,
    };
    mkdirSync(f['out-dir'], { recursive: true });
    const predictions = pairs.map((p) => ({ id: p.record.id, fp32: p.reference.best?.text ?? '', [candidatePrecision === 'bf16' ? 'bf16' : 'fp32_again']: p.candidate.best?.text ?? '', references: p.record.answers.map((a) => a.text) }));
    writeFileAtomic(join(f['out-dir'], 'predictions.json'), JSON.stringify({ model: model.info, precision: exec, agreement, predictions }, null, 2) + '\n');
    if (f.json) {
      const modelInfo = { ...model.info, adapter: adapter.name };
      writeJsonRecords(
        f.json,
        validateRecords({ workload: 'bert', startedAt, reference: { model: modelInfo, backend: fp32.backendInfo }, candidate: { model: modelInfo, backend: cand.backendInfo }, agreement, warnings: verdict.failures }),
      );
    }
    return verdict.pass ? 0 : 1;
  } finally {
    await fp32.loaded.dispose();
    await cand.loaded.dispose();
  }
}
