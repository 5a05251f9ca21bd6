/** The `score` step's text output: metrics side by side, the verdict, the changed predictions (its record: score-record.ts). */
import { cocoCategoryNames, type CocoChange, type CocoChangedDetection } from '../coco/index.ts';
import { overallVerdict } from './rule.ts';
import type { ScoredRun, ScoreReport } from './score-runs.ts';

function detectionText(d: CocoChangedDetection): string {
  return `${cocoCategoryNames()[d.category_id] ?? d.category_id} ${d.score.toFixed(3)} [${d.bbox.map((v) => Math.round(v)).join(',')}]`;
}

function cocoChangeLine(c: CocoChange): string {
  const part = (what: string, ds: readonly CocoChangedDetection[]): string => (ds.length ? `; ${what} ${ds.length}: ${ds.map(detectionText).join(', ')}` : '');
  return `  ${c.file} (image ${c.image_id}): ${c.reference} → ${c.candidate} detections${part('lost', c.lost)}${part('gained', c.gained)}`;
}

function label(r: ScoredRun): string {
  return r.manifest.precisionMode && r.manifest.precision !== 'fp32' ? `${r.manifest.precision} (${r.manifest.precisionMode})` : r.manifest.precision;
}

function fmt(name: string, v: number | undefined): string {
  if (v === undefined) return '—';
  return name.endsWith('_thresh') ? v.toFixed(4) : v.toFixed(3);
}

export function formatScoreReport(r: ScoreReport, options: { maxChanges: number; changesFile: string | null }): string[] {
  const c = r.candidate;
  const m = c.manifest;
  const sub = m.subset.offset > 0 || m.subset.limit !== null ? `, samples ${m.subset.offset}..${m.subset.offset + c.count - 1} of ${m.dataset.total}` : '';
  const out = [
    `task ${r.task} (${m.workload}) — ${m.dataset.path}: ${c.count} scored${sub}; ground truth sha256 ${m.dataset.sha256.slice(0, 12)}… matches`,
    `model ${m.model.id ?? m.model.path} sha256 ${m.model.sha256.slice(0, 12)}…`,
  ];
  for (const run of [r.reference, c]) for (const n of run?.notes ?? []) if (!out.includes(`note: ${n}`)) out.push(`note: ${n}`);
  const runs = r.reference ? [r.reference, c] : [c];
  const names = Object.keys(c.metrics);
  const width = Math.max(12, ...names.map((n) => n.length + 2));
  out.push('', `${'metric (%)'.padEnd(width)}${runs.map((x) => label(x).padStart(18)).join('')}`);
  for (const n of names) out.push(`${n.padEnd(width)}${runs.map((x) => fmt(n, x.metrics[n]).padStart(18)).join('')}`);
  if (r.verdicts.length > 0) {
    out.push('');
    const ref = r.reference!;
    for (const v of r.verdicts) {
      if (!v.comparable) {
        out.push(
          `n/a: ${v.metric} — fp32 ${v.reference.toFixed(3)} and ${label(c)} ${v.candidate.toFixed(3)} on the same ${c.count} samples: the ${(100 * v.fraction).toFixed(1)} % rule needs an fp32 score above 0 ` +
            `(synthetic weights score ~0; pass --model-id or --model for trained weights)`,
        );
        continue;
      }
      out.push(
        `${v.pass ? 'PASS' : 'FAIL'}: ${v.metric} ${v.candidate.toFixed(3)} ${v.pass ? '≥' : '<'} ${(100 * v.fraction).toFixed(1)} % of fp32 ${v.reference.toFixed(3)} = ${v.required.toFixed(3)} (ratio ${(100 * v.ratio).toFixed(2)} %)`,
      );
    }
    out.push(`verdict: ${overallVerdict(r.verdicts)} (${label(c)} against ${label(ref)}${label(c) === label(ref) ? ', a run-to-run check' : ''})`);
  }
  if (r.changes) {
    const items = r.changes.items;
    const what =
      r.changes.kind === 'imagenet-top1'
        ? 'images whose top-1 changed'
        : r.changes.kind === 'coco-detections'
          ? `images whose detections changed (score ≥ ${r.changes.minScore}, matched by category and box IoU ≥ ${r.changes.iou})`
          : 'questions whose answer changed';
    out.push('', `${items.length} ${what}${options.changesFile ? ` (saved to ${options.changesFile})` : ''}`);
    for (const it of items.slice(0, options.maxChanges)) {
      if ('image_id' in it) out.push(cocoChangeLine(it));
      else if ('file' in it) out.push(`  ${it.file} label ${it.label}: ${it.referenceTop1} → ${it.candidateTop1} (${it.effect})`);
      else out.push(`  ${it.id}: ${JSON.stringify(it.reference)} → ${JSON.stringify(it.candidate)} (F1 ${it.referenceF1.toFixed(2)} → ${it.candidateF1.toFixed(2)})`);
    }
    if (items.length > options.maxChanges) out.push(`  … and ${items.length - options.maxChanges} more`);
  }
  return out;
}
