/**
 * `score RUN [--reference FP32_RUN]`: rescores saved accuracy predictions from their manifest and the ground truth
 * alone (ImageNet top-k JSONL, SQuAD predictions.json + na_prob.json, COCO results JSON), prints the metrics side by
 * side, the PASS/FAIL verdict of the 99 % rule and the changed predictions, and saves those changes. Exit 0 (pass or
 * no reference), 1 (fail), 2 (bad input: one line naming the problem and the fix, nothing written).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCommandLine, renderUsage, runMain, writeFileAtomic, BenchError, type FlagSpecs } from '@modelbench/core';
import { formatScoreReport, scoreReportJson } from './report.ts';
import { accuracyFraction } from './rule.ts';
import { scoreRuns } from './score-runs.ts';

const FLAGS = {
  reference: { kind: 'string', value: 'RUN', description: 'the fp32 run (folder or manifest.json) to compare with and apply the rule against' },
  data: { kind: 'string', value: 'PATH', description: "ground truth to score against instead of the manifest's (its hash must match)" },
  synsets: { kind: 'string', value: 'FILE', description: 'synset.txt for a folder-per-synset ImageNet layout' },
  threshold: { kind: 'positiveNumber', value: 'F', example: 0.99, description: 'fraction (0.99) or percent (99) of fp32 the candidate must reach (default 0.99)' },
  'high-accuracy': { kind: 'boolean', description: 'the 99.9 % target (MLPerf high-accuracy)' },
  changes: { kind: 'string', value: 'FILE', description: 'where to save the changed predictions (default RUN/changes.json)' },
  'max-changes': { kind: 'int', value: 'N', description: 'changed predictions to print', default: 20 },
  json: { kind: 'string', value: 'FILE', description: 'write the scores and verdict as JSON' },
  help: { kind: 'boolean', short: 'h', description: 'show this help' },
} satisfies FlagSpecs;

export async function scoreMain(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { flags, positionals } = parseCommandLine(argv, FLAGS, 'score');
  if (flags.help) {
    write(`${renderUsage('score RUN', FLAGS)}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new BenchError('USAGE', `score: expected one run folder (or manifest.json), got ${positionals.length}`, { hint: 'score out/accuracy/bf16 --reference out/accuracy/fp32' });
  }
  const fraction = accuracyFraction(flags.threshold, flags['high-accuracy'] === true);
  const report = scoreRuns({
    candidate: positionals[0] as string,
    ...(flags.reference ? { reference: flags.reference } : {}),
    ...(flags.data ? { data: flags.data } : {}),
    ...(flags.synsets ? { synsets: flags.synsets } : {}),
    fraction,
  });
  const changesFile = report.changes ? (flags.changes ?? join(report.candidate.dir, 'changes.json')) : null;
  // everything is computed; write the files (atomically), then print
  if (report.changes && changesFile) writeFileAtomic(changesFile, JSON.stringify(report.changes, null, 2) + '\n');
  if (flags.json) writeFileAtomic(flags.json, JSON.stringify(scoreReportJson(report, changesFile), null, 2) + '\n');
  write(formatScoreReport(report, { maxChanges: flags['max-changes'], changesFile }).join('\n') + '\n');
  return report.verdicts.every((v) => v.pass) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runMain(() => scoreMain(process.argv.slice(2)));
