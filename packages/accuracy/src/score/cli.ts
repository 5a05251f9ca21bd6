/**
 * Two forms:
 * - `score RUN [--reference FP32_RUN]`: rescores a suite accuracy run from its manifest and the ground truth alone
 *   (ImageNet top-k JSONL, SQuAD predictions.json + na_prob.json, COCO results JSON), prints the metrics side by
 *   side, the PASS/FAIL verdict of the 99 % rule and the changed predictions, and saves those changes;
 * - the standard files directly, in the reference tools' words (score-files.ts): `--annotations A --results R
 *   [--iou-type bbox|segm]`, `--dataset D --predictions P [--na-prob-file N --na-prob-thresh T]`, `--labels L
 *   --predictions P`.
 * `--json FILE` writes one RunRecord of the core schema (mode 'score', the figures in its `score` section); bad input
 * after the command line parsed writes the error record there instead, and nothing else.
 * Exit 0 (pass, or nothing to compare), 1 (fail), 2 (bad input: one line naming the problem and the fix, nothing else written).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertWritable, parseCommandLine, renderUsage, runMain, writeErrorRecord, writeFileAtomic, BenchError, type FlagSpecs } from '@modelbench/core';
import { formatScoreReport } from './report.ts';
import { accuracyFraction } from './rule.ts';
import { scoreRuns } from './score-runs.ts';
import { SCORE_FILES_WORKLOAD, scoreFilesResult, scoreRecord, scoreRunsResult } from './score-record.ts';
import { formatFileScore, parseIouType, scoreCocoFiles, scoreImagenetFiles, scoreSquadStandardFiles, type FileScore } from './score-files.ts';

const FLAGS = {
  reference: { kind: 'string', value: 'RUN', description: 'the fp32 run (folder or manifest.json) to compare with and apply the rule against' },
  data: { kind: 'string', value: 'PATH', description: "ground truth to score against instead of the manifest's (its hash must match)" },
  synsets: { kind: 'string', value: 'FILE', description: 'synset.txt for a folder-per-synset ImageNet layout' },
  threshold: { kind: 'positiveNumber', value: 'F', example: 0.99, description: 'fraction (0.99) or percent (99) of fp32 the candidate must reach (default 0.99)' },
  'high-accuracy': { kind: 'boolean', description: 'the 99.9 % target (MLPerf high-accuracy)' },
  changes: { kind: 'string', value: 'FILE', description: 'where to save the changed predictions (default RUN/changes.json)' },
  'max-changes': { kind: 'int', value: 'N', description: 'changed predictions to print', default: 20 },
  json: { kind: 'string', value: 'FILE', description: 'write the scores and verdict as one RunRecord (mode score; run-record.schema.json)' },
  annotations: { kind: 'string', value: 'FILE', description: 'COCO: the instances JSON (instances_val2017.json), with --results' },
  results: { kind: 'string', value: 'FILE', description: 'COCO: the results JSON [{image_id, category_id, bbox, score, segmentation?}, …]' },
  'iou-type': { kind: 'string', value: 'bbox|segm', description: 'COCO: what COCOeval scores (default bbox)' },
  dataset: { kind: 'string', value: 'FILE', description: 'SQuAD: the v1.1 or v2.0 dev JSON, with --predictions' },
  predictions: { kind: 'string', value: 'FILE', description: 'SQuAD: predictions.json {qid: answer}; ImageNet: top-k JSONL {"file", "topk"} a line' },
  'na-prob-file': { kind: 'string', value: 'FILE', description: 'SQuAD v2.0: na_prob.json {qid: probability of no answer} (best thresholds)' },
  'na-prob-thresh': { kind: 'number', value: 'T', description: 'SQuAD v2.0: predict no answer when the no-answer probability exceeds T (default 1.0)' },
  labels: { kind: 'string', value: 'FILE', description: 'ImageNet: val_map.txt (`file label` lines), with --predictions' },
  help: { kind: 'boolean', short: 'h', description: 'show this help' },
} satisfies FlagSpecs;

export async function scoreMain(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { flags, positionals } = parseCommandLine(argv, FLAGS, 'score');
  if (flags.help) {
    write(`${renderUsage('score RUN [--reference FP32_RUN] | --annotations A --results R | --dataset D --predictions P | --labels L --predictions P', FLAGS)}\n`);
    return 0;
  }
  const startedAt = new Date();
  const json = flags.json;
  if (json) assertWritable(json);
  try {
    return scoreAndWrite(flags, positionals, startedAt, write);
  } catch (e) {
    if (json) {
      try {
        writeErrorRecord(json, { workload: SCORE_FILES_WORKLOAD, mode: 'score', startedAt }, e);
      } catch {
        /* the path itself may be what failed; the original error is what the user needs */
      }
    }
    throw e;
  }
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

function scoreAndWrite(flags: ScoreFlags, positionals: readonly string[], startedAt: Date, write: (s: string) => void): number {
  const standard = scoreStandardFiles(flags, positionals);
  if (standard) {
    if (flags.json) {
      const record = scoreRecord({ workload: SCORE_FILES_WORKLOAD, startedAt, score: scoreFilesResult(standard), warnings: standard.notes });
      writeFileAtomic(flags.json, JSON.stringify(record, null, 2) + '\n');
    }
    write(formatFileScore(standard).join('\n') + '\n');
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
  if (flags.json) {
    const warnings = unique([...(report.reference?.notes ?? []), ...report.candidate.notes]);
    const record = scoreRecord({ workload: report.candidate.manifest.workload, startedAt, score: scoreRunsResult(report, changesFile), warnings });
    writeFileAtomic(flags.json, JSON.stringify(record, null, 2) + '\n');
  }
  write(formatScoreReport(report, { maxChanges: flags['max-changes'], changesFile }).join('\n') + '\n');
  return report.verdicts.every((v) => v.pass) ? 0 : 1;
}

type ScoreFlags = ReturnType<typeof parseCommandLine<typeof FLAGS>>['flags'];

const STANDARD_FLAGS = ['annotations', 'results', 'iou-type', 'dataset', 'predictions', 'na-prob-file', 'na-prob-thresh', 'labels'] as const;
const FORMS = 'score --annotations A.json --results R.json | --dataset dev.json --predictions P.json | --labels val_map.txt --predictions top5.jsonl';

function usage(message: string, hint = FORMS): BenchError {
  return new BenchError('USAGE', `score: ${message}`, { hint });
}

/** The standard-files form, when any of its flags is given; null for the run-folder form. */
function scoreStandardFiles(flags: ScoreFlags, positionals: readonly string[]): FileScore | null {
  const given = STANDARD_FLAGS.filter((k) => flags[k] !== undefined);
  if (given.length === 0) return null;
  if (positionals.length > 0) throw usage(`a run folder (${positionals[0]}) and --${given[0]} given together`, 'pass a suite run folder, or the standard files, not both');
  for (const k of ['reference', 'data', 'synsets'] as const) if (flags[k] !== undefined) throw usage(`--${k} belongs to the run-folder form (score RUN --reference FP32_RUN)`, 'score standard files one set at a time, without it');
  const only = (allowed: readonly string[], form: string): void => {
    const extra = given.find((k) => !allowed.includes(k));
    if (extra) throw usage(`--${extra} does not go with ${form}`);
  };
  if (flags.annotations !== undefined || flags.results !== undefined) {
    only(['annotations', 'results', 'iou-type'], 'COCO (--annotations, --results, --iou-type)');
    if (!flags.annotations || !flags.results) throw usage(`COCO needs both --annotations and --results (--${flags.annotations ? 'results' : 'annotations'} is missing)`);
    return scoreCocoFiles({ annotations: flags.annotations, results: flags.results, iouType: parseIouType(flags['iou-type']) });
  }
  if (flags.labels !== undefined) {
    only(['labels', 'predictions'], 'ImageNet (--labels, --predictions)');
    if (!flags.predictions) throw usage('ImageNet needs --predictions top5.jsonl beside --labels');
    return scoreImagenetFiles({ labels: flags.labels, predictions: flags.predictions });
  }
  if (flags['iou-type'] !== undefined) throw usage('--iou-type is for COCO (--annotations, --results)');
  if (!flags.dataset || !flags.predictions) throw usage(`SQuAD needs both --dataset and --predictions (--${flags.dataset ? 'predictions' : 'dataset'} is missing)`);
  return scoreSquadStandardFiles({
    dataset: flags.dataset,
    predictions: flags.predictions,
    ...(flags['na-prob-file'] !== undefined ? { naProbFile: flags['na-prob-file'] } : {}),
    ...(flags['na-prob-thresh'] !== undefined ? { naProbThreshold: flags['na-prob-thresh'] } : {}),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runMain(() => scoreMain(process.argv.slice(2)));
