/**
 * SQuAD JSON (v1.1 or v2.0 layout: data → paragraphs → context, qas → id, question, answers[{text, answer_start}])
 * flattened into one record per question. Structure and answer offsets are checked (offsets as `bert accuracy` checks
 * them), with errors naming the place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ANSWER_OFFSET_HINT, answerOffsetProblem } from '@modelbench/accuracy';
import { BenchError } from '@modelbench/core';
import { decodeUtf8Strict } from './text.ts';

export interface SquadAnswer {
  text: string;
  /** UTF-16 offset of the answer in the context */
  answerStart: number;
}

export interface SquadRecord {
  id: string;
  title: string;
  context: string;
  question: string;
  answers: SquadAnswer[];
  /** SQuAD 2.0 questions without an answer in the context */
  isImpossible: boolean;
}

function bad(source: string, where: string, problem: string): never {
  throw new BenchError('BAD_INPUT', `SQuAD file ${source}: ${where} ${problem}`);
}

function asArray(v: unknown, source: string, where: string): unknown[] {
  if (!Array.isArray(v)) bad(source, where, 'is not an array');
  return v;
}

function asObject(v: unknown, source: string, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(source, where, 'is not an object');
  return v as Record<string, unknown>;
}

function asString(v: unknown, source: string, where: string): string {
  if (typeof v !== 'string') bad(source, where, 'is not a string');
  return v;
}

/** Flattens parsed SQuAD JSON. Answers whose offsets do not match the context are rejected. */
export function parseSquad(json: unknown, source: string): SquadRecord[] {
  const root = asObject(json, source, 'the top level');
  const records: SquadRecord[] = [];
  asArray(root.data, source, '"data"').forEach((article, a) => {
    const art = asObject(article, source, `data[${a}]`);
    const title = typeof art.title === 'string' ? art.title : '';
    asArray(art.paragraphs, source, `data[${a}].paragraphs`).forEach((paragraph, p) => {
      const where = `data[${a}].paragraphs[${p}]`;
      const par = asObject(paragraph, source, where);
      const context = asString(par.context, source, `${where}.context`);
      asArray(par.qas, source, `${where}.qas`).forEach((qa, q) => {
        const qWhere = `${where}.qas[${q}]`;
        const item = asObject(qa, source, qWhere);
        const id = asString(item.id, source, `${qWhere}.id`);
        const answers = asArray(item.answers ?? [], source, `${qWhere}.answers`).map((answer, k) => {
          const ans = asObject(answer, source, `${qWhere}.answers[${k}]`);
          const text = asString(ans.text, source, `${qWhere}.answers[${k}].text`);
          // the same check as `bert accuracy` (@modelbench/accuracy's answerOffsetProblem), so both refuse the same files
          const problem = answerOffsetProblem(context, text, ans.answer_start);
          if (problem) throw new BenchError('BAD_INPUT', `SQuAD file ${source}: ${qWhere}.answers[${k}] ${problem}`, { hint: ANSWER_OFFSET_HINT });
          return { text, answerStart: ans.answer_start as number };
        });
        records.push({ id, title, context, question: asString(item.question, source, `${qWhere}.question`), answers, isImpossible: item.is_impossible === true });
      });
    });
  });
  if (records.length === 0) bad(source, 'data', 'holds no questions');
  return records;
}

export function loadSquad(path: string): SquadRecord[] {
  if (!existsSync(path)) throw new BenchError('IO', `SQuAD file not found: ${path}`, { hint: 'pass --squad PATH to a SQuAD v1.1/v2.0 JSON file' });
  const text = decodeUtf8Strict(readFileSync(path), `SQuAD file ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BenchError('BAD_INPUT', `SQuAD file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseSquad(json, path);
}

/** The record with this id; an unknown id is a usage error that lists a few valid ones. */
export function findSquadRecord(records: readonly SquadRecord[], id: string): SquadRecord {
  const found = records.find((r) => r.id === id);
  if (found) return found;
  const examples = records.slice(0, 3).map((r) => r.id).join(', ');
  throw new BenchError('BAD_INPUT', `unknown --squad-id '${id}': not among the ${records.length} records`, { hint: `for example ${examples}` });
}
