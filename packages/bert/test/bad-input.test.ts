import { describe, expect, it } from 'vitest';
import { buildQaExample } from '../src/lib/features.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { TOKENIZER_JSON } from './fixtures.ts';

const tokenizer = loadQaTokenizer(TOKENIZER_JSON);
const context = 'The Normans were the people who in the 10th and 11th centuries gave their name to Normandy.';

describe('bad questions and contexts (clear errors, exit 2)', () => {
  const rejects = (q: string, c: string, message: RegExp): Promise<void> =>
    expect(buildQaExample(tokenizer, q, c)).rejects.toThrow(expect.objectContaining({ code: 'BAD_INPUT', exitCode: 2, message: expect.stringMatching(message) }));

  it('rejects an empty or blank question or context', async () => {
    await rejects('', context, /question is empty/);
    await rejects('   \n', context, /question is empty/);
    await rejects('Who?', '', /context is empty/);
  });

  it('rejects a context with no tokens after normalisation', async () => {
    // combining accents are stripped and control characters cleaned: nothing is left
    await rejects('Who?', '\u0301\u0300 \u0000\u200b', /context has no tokens after normalisation/);
    await rejects('\u0301\u0301', context, /question has no tokens after normalisation/);
  });

  it('rejects text that carries the marks of non-UTF-8 input', async () => {
    await rejects('Who were the Normans?', 'The Normans \uFFFD were here.', /context contains U\+FFFD at character 12: the input was not valid UTF-8/);
    await rejects('Who\uD800?', context, /lone UTF-16 surrogate/);
  });

  it('accepts a normal pair and strips the leading whitespace of the question', async () => {
    const ex = await buildQaExample(tokenizer, '   Who gave their name to Normandy?', context);
    expect(ex.question).toBe('Who gave their name to Normandy?');
    expect(ex.warnings).toEqual([]);
    expect(ex.features).toHaveLength(1);
  });
});
