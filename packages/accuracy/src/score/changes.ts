/**
 * The samples whose prediction changed between the fp32 reference and the candidate: ImageNet images whose top-1
 * flipped, SQuAD questions whose answer text changed (with the scores of both, so "changed and now wrong" can be
 * told from "changed, still right").
 */
import type { ImagenetPrediction } from '../imagenet/predictions.ts';
import type { ImagenetSample } from '../imagenet/dataset.ts';
import type { QuestionScore } from '../squad/metrics-v1.ts';

export interface ImagenetChange {
  file: string;
  label: number;
  referenceTop1: number;
  candidateTop1: number;
  /** 'fixed': the candidate is right and the reference was wrong; 'broken': the reverse; 'other': both wrong */
  effect: 'fixed' | 'broken' | 'other';
}

export function imagenetChanges(samples: readonly ImagenetSample[], reference: ReadonlyMap<string, ImagenetPrediction>, candidate: ReadonlyMap<string, ImagenetPrediction>): ImagenetChange[] {
  const out: ImagenetChange[] = [];
  for (const s of samples) {
    const r = reference.get(s.file)?.topk[0];
    const c = candidate.get(s.file)?.topk[0];
    if (r === undefined || c === undefined || r === c) continue;
    const effect = c === s.label ? 'fixed' : r === s.label ? 'broken' : 'other';
    out.push({ file: s.file, label: s.label, referenceTop1: r, candidateTop1: c, effect });
  }
  return out;
}

export interface SquadChange {
  id: string;
  reference: string;
  candidate: string;
  referenceF1: number;
  candidateF1: number;
  referenceExact: number;
  candidateExact: number;
}

export function squadChanges(
  ids: readonly string[],
  reference: ReadonlyMap<string, string>,
  candidate: ReadonlyMap<string, string>,
  referenceScores: ReadonlyMap<string, QuestionScore>,
  candidateScores: ReadonlyMap<string, QuestionScore>,
): SquadChange[] {
  const out: SquadChange[] = [];
  for (const id of ids) {
    const r = reference.get(id);
    const c = candidate.get(id);
    if (r === undefined || c === undefined || r === c) continue;
    out.push({
      id,
      reference: r,
      candidate: c,
      referenceF1: referenceScores.get(id)?.f1 ?? 0,
      candidateF1: candidateScores.get(id)?.f1 ?? 0,
      referenceExact: referenceScores.get(id)?.exact ?? 0,
      candidateExact: candidateScores.get(id)?.exact ?? 0,
    });
  }
  return out;
}
