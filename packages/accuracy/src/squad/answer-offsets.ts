/**
 * The one check of a SQuAD answer's `answer_start` (used by `bert validate`'s SQuAD reader and `bert accuracy`'s data
 * set, so both refuse the same files): a whole number ≥ 0, inside the context, and the answer's text is there. The
 * official evaluation scripts never read answer_start (they score answer texts), so the `score` step does not check
 * it either; a run that feeds contexts to a model does, since a broken offset means a broken file.
 */
import { BenchError } from '@modelbench/core';
import type { SquadQuestion } from './dataset.ts';

/** What is wrong with an answer's offset, or null when its text is at `start` of the context. */
export function answerOffsetProblem(context: string, text: string, start: unknown): string | null {
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 0) return `answer_start ${JSON.stringify(start)} is not a whole number ≥ 0`;
  if (start + text.length > context.length) return `"${text}" at offset ${start} runs past the end of its context (${context.length} characters)`;
  if (context.slice(start, start + text.length) !== text) return `"${text}" is not at offset ${start} of its context`;
  return null;
}

export const ANSWER_OFFSET_HINT = "fix the answer's answer_start (a UTF-16 offset into its context where the answer text begins), or use the original SQuAD file";

/** Every answer of every question at its offset; the first that is not is one BAD_INPUT line naming the question. */
export function checkSquadAnswerOffsets(questions: readonly SquadQuestion[], source: string): void {
  for (const q of questions) {
    q.answers.forEach((text, k) => {
      const problem = answerOffsetProblem(q.context, text, Number.isNaN(q.answerStarts[k]) ? undefined : q.answerStarts[k]);
      if (problem) throw new BenchError('BAD_INPUT', `SQuAD file ${source}: question ${q.id} answers[${k}]: ${problem}`, { hint: ANSWER_OFFSET_HINT });
    });
  }
}
