/**
 * Issue 21 #8: `validate --question … --context-file FILE` that cannot be read (missing, a folder, not UTF-8), and the
 * other ways the question flags can be wrong, each fail with exit 2, the problem on one line and a `fix:` line, before
 * the model or the out-dir is touched.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError } from '@modelbench/core';
import { runWorkloadCommand } from '@modelbench/harness';
import { chooseQuestion } from '../src/samples.ts';
import { bertWorkload } from '../src/workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-bert-context-file-'));

function printed(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toMatchObject({ exitCode: 2 });
    return formatError(e).split('\n');
  }
  throw new Error('expected a refusal');
}

describe('--context-file and the question flags', () => {
  it('a missing --context-file names the file and the fix', () => {
    const missing = join(dir, 'passage.txt');
    expect(printed(() => chooseQuestion({ question: 'Who?', 'context-file': missing }, []))).toEqual([
      `error [IO]: cannot read --context-file ${missing}: no such file`,
      `  fix: check the path (a relative path starts at ${process.cwd()}), or pass the passage inline with --context TEXT`,
    ]);
  });

  it('a folder, a file that is not UTF-8, and contradictory or missing flags', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const latin1 = join(dir, 'latin1.txt');
    writeFileSync(latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
    const cases: [Parameters<typeof chooseQuestion>[0], string, string][] = [
      [{ question: 'Who?', 'context-file': folder }, `error [IO]: cannot read --context-file ${folder}: EISDIR`, '  fix: pass a text file (UTF-8) holding the passage, not a folder'],
      [{ question: 'Who?', 'context-file': latin1 }, `error [BAD_INPUT]: --context-file ${latin1} is not valid UTF-8 (first bad byte at offset 3)`, '  fix: save the file as UTF-8, e.g. iconv -f latin1 -t utf-8'],
      [{ question: 'Who?', context: 'x', 'context-file': latin1 }, 'error [USAGE]: --context and --context-file are mutually exclusive', '  fix: pass the passage one way: --context TEXT or --context-file FILE'],
      [{ question: 'Who?' }, 'error [USAGE]: --question needs --context or --context-file', '  fix: add --context TEXT or --context-file FILE with the passage to answer from'],
      [{ question: 'Who?', context: 'x', 'squad-id': 'a' }, 'error [USAGE]: --squad-id cannot be combined with --question/--context', '  fix: ask your own question (--question with --context) or a SQuAD one (--squad-id), not both'],
    ];
    for (const [flags, line, fix] of cases) expect(printed(() => chooseQuestion(flags, []))).toEqual([line, fix]);
  });

  it('bert validate with a missing --context-file exits 2 and leaves no out-dir', async () => {
    const out = join(dir, 'out');
    const e = await runWorkloadCommand(bertWorkload, ['validate', '--question', 'Who?', '--context-file', join(dir, 'nope.txt'), '--out-dir', out]).then(() => undefined, (x: unknown) => x);
    expect(e).toMatchObject({ code: 'IO', exitCode: 2 });
    expect(formatError(e).split('\n')).toHaveLength(2);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});
