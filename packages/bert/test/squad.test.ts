import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSquadRecord, loadSquad, parseSquad } from '../src/lib/squad.ts';
import { SQUAD_SAMPLE, SQUAD_TINY } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'bert-squad-'));

describe('SQuAD loading', () => {
  it('flattens the fixture: 293 answerable dev questions, 8 in the tiny file', () => {
    const all = loadSquad(SQUAD_SAMPLE);
    expect(all).toHaveLength(293);
    expect(loadSquad(SQUAD_TINY)).toHaveLength(8);
    const r = findSquadRecord(all, '56ddde6b9a695914005b9628');
    expect(r.question).toBe('In what country is Normandy located?');
    expect(r.title).toBe('Normans');
    expect(r.answers.map((a) => a.text)).toEqual(['France', 'France', 'France', 'France']);
    expect(r.context.slice(r.answers[0]!.answerStart, r.answers[0]!.answerStart + 6)).toBe('France');
  });

  it('rejects an unknown id with exit 2 and a few valid ids', () => {
    const all = loadSquad(SQUAD_TINY);
    expect(() => findSquadRecord(all, 'nope')).toThrow(expect.objectContaining({ code: 'BAD_INPUT', exitCode: 2, message: expect.stringMatching(/unknown --squad-id 'nope'/) }));
  });

  it('names the broken place in a malformed file', () => {
    const ctx = 'Rollo was a Viking.';
    const good = { data: [{ title: 't', paragraphs: [{ context: ctx, qas: [{ id: 'q1', question: 'Who?', answers: [{ text: 'Rollo', answer_start: 0 }] }] }] }] };
    expect(parseSquad(good, 'x')[0]).toMatchObject({ id: 'q1', isImpossible: false });
    expect(() => parseSquad({ version: '1.1' }, 'x')).toThrow(/"data" is not an array/);
    const wrongOffset = structuredClone(good);
    wrongOffset.data[0]!.paragraphs[0]!.qas[0]!.answers[0]!.answer_start = 3;
    expect(() => parseSquad(wrongOffset, 'x')).toThrow(/data\[0\]\.paragraphs\[0\]\.qas\[0\]\.answers\[0\] "Rollo" is not at offset 3/);
    const noQuestion = structuredClone(good) as unknown as { data: { paragraphs: { qas: Record<string, unknown>[] }[] }[] };
    delete noQuestion.data[0]!.paragraphs[0]!.qas[0]!.question;
    expect(() => parseSquad(noQuestion, 'x')).toThrow(/qas\[0\]\.question is not a string/);
    expect(() => parseSquad({ data: [] }, 'x')).toThrow(/holds no questions/);
  });

  it('fails clearly on a missing, non-JSON or non-UTF-8 file', () => {
    expect(() => loadSquad(join(dir, 'missing.json'))).toThrow(expect.objectContaining({ code: 'IO', exitCode: 2 }));
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{"data": [');
    expect(() => loadSquad(notJson)).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/not valid JSON/) }));
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Uint8Array.from([...new TextEncoder().encode('{"data": "caf'), 0xe9, 0x22, 0x7d]));
    expect(() => loadSquad(latin1)).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/not valid UTF-8 \(first bad byte at offset 13\)/) }));
  });
});
