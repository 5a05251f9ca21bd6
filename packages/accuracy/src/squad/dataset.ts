/**
 * The SQuAD JSON layout (v1.1 and v2.0 dev files): `{version, data: [{title, paragraphs: [{context, qas: [{id,
 * question, answers: [{text, answer_start}], is_impossible?}]}]}]}`, flattened to one record per question in file
 * order. A question "has an answer" as evaluate-v2.0.py's `make_qid_to_has_ans` decides: `bool(qa['answers'])`.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';

export interface SquadQuestion {
  id: string;
  title: string;
  context: string;
  question: string;
  /** the annotators' answer texts, duplicates kept (the scripts take the max over them) */
  answers: string[];
  answerStarts: number[];
  hasAnswer: boolean;
}

export interface SquadDataset {
  /** the file's `version` field as written ('1.1', 'v2.0', …) */
  version: string;
  /** 1 or 2: 2 when the version says so or any question has no answer */
  major: 1 | 2;
  questions: SquadQuestion[];
}

function bad(source: string, what: string, hint = 'pass a SQuAD v1.1 or v2.0 dev JSON file (data → paragraphs → qas)'): BenchError {
  return new BenchError('BAD_INPUT', `SQuAD file ${source}: ${what}`, { hint });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseSquadDataset(json: unknown, source = 'dataset'): SquadDataset {
  if (!isObject(json) || !Array.isArray(json.data)) throw bad(source, "no 'data' list at the top level");
  const version = typeof json.version === 'string' ? json.version : '';
  const questions: SquadQuestion[] = [];
  const seen = new Set<string>();
  json.data.forEach((article: unknown, a) => {
    if (!isObject(article) || !Array.isArray(article.paragraphs)) throw bad(source, `data[${a}] has no 'paragraphs' list`);
    const title = typeof article.title === 'string' ? article.title : '';
    article.paragraphs.forEach((p: unknown, pi) => {
      if (!isObject(p) || typeof p.context !== 'string' || !Array.isArray(p.qas)) {
        throw bad(source, `data[${a}].paragraphs[${pi}] needs a 'context' string and a 'qas' list`);
      }
      const context = p.context;
      p.qas.forEach((qa: unknown, qi) => {
        const where = `data[${a}].paragraphs[${pi}].qas[${qi}]`;
        if (!isObject(qa) || typeof qa.id !== 'string' || !Array.isArray(qa.answers)) throw bad(source, `${where} needs an 'id' string and an 'answers' list`);
        if (seen.has(qa.id)) throw bad(source, `question id ${qa.id} appears twice`);
        seen.add(qa.id);
        const answers: string[] = [];
        const answerStarts: number[] = [];
        for (const ans of qa.answers as unknown[]) {
          if (!isObject(ans) || typeof ans.text !== 'string') throw bad(source, `${where} (${qa.id}): an answer without a 'text' string`);
          answers.push(ans.text);
          answerStarts.push(typeof ans.answer_start === 'number' ? ans.answer_start : Number.NaN); // NaN: absent (answer-offsets.ts refuses it)
        }
        questions.push({ id: qa.id, title, context, question: typeof qa.question === 'string' ? qa.question : '', answers, answerStarts, hasAnswer: answers.length > 0 });
      });
    });
  });
  if (questions.length === 0) throw bad(source, 'holds no questions');
  const major = /^v?2/.test(version) || questions.some((q) => !q.hasAnswer) ? 2 : 1;
  return { version, major, questions };
}

export function loadSquadDataset(path: string): SquadDataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw bad(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`, 'check the path of the SQuAD dev JSON');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw bad(path, `not JSON (${(e as Error).message})`);
  }
  return parseSquadDataset(json, path);
}
