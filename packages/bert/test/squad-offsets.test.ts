/**
 * Bad input #9 of issue #21: a SQuAD answer offset past its context (or not where its text is) is refused alike by
 * `bert validate` (its SQuAD reader) and `bert accuracy` (the accuracy package's data set), by one shared check —
 * one line naming the question and the problem, a fix line, exit 2, nothing written.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorkloadCommand } from '@modelbench/harness';
import { bertWorkload } from '../src/workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-bert-offsets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function squad(name: string, answerStart: number): string {
  const path = join(dir, name);
  const qa = { id: 'q1', question: 'Who ruled Normandy?', answers: [{ text: 'Rollo', answer_start: answerStart }] };
  writeFileSync(path, JSON.stringify({ version: '1.1', data: [{ title: 'T', paragraphs: [{ context: 'Rollo ruled Normandy.', qas: [qa] }] }] }));
  return path;
}

describe('a SQuAD answer offset that does not fit its context', () => {
  const cases: [string, number, RegExp][] = [
    ['past the end', 40, /"Rollo" at offset 40 runs past the end of its context \(21 characters\)/],
    ['inside, on other text', 3, /"Rollo" is not at offset 3 of its context/],
    ['negative', -1, /answer_start -1 is not a whole number ≥ 0/],
  ];
  for (const [what, start, problem] of cases) {
    it(`${what}: validate and accuracy refuse it with the same problem, exit 2, nothing written`, async () => {
      const file = squad(`${start}.json`, start);
      const out = join(dir, `out-${start}`);
      for (const args of [['validate', '--squad', file], ['accuracy', '--dataset', file]]) {
        await expect(runWorkloadCommand(bertWorkload, [...args, '--out-dir', out]), args[0]).rejects.toMatchObject({
          code: 'BAD_INPUT',
          exitCode: 2,
          message: expect.stringMatching(problem),
          hint: expect.stringMatching(/answer_start/),
        });
      }
      expect(existsSync(out)).toBe(false);
    });
  }
});
