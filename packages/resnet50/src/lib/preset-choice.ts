/**
 * Which pre-processing preset a run uses, and why: `--preprocess NAME` first; else the preset the model names —
 * its catalogue entry's `preprocessPreset` (`--model-id`), or, for an export given with `--model`, the ONNX
 * metadata property `modelbench.preprocess` (set it when exporting, e.g.
 * `onnx.helper.set_model_props(model, {"modelbench.preprocess": "torchvision-v2"})`); else torchvision-v1. A V2-weights
 * export scored with the V1 pipeline loses about a point of top-1, so the choice is printed and recorded.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';
import type { ModelChoice } from '@modelbench/harness';
import { findCatalogueEntry } from '@modelbench/models';
import { decodeFields, fieldString, ProtoDecodeError } from '@modelbench/onnx';
import type { PreprocessPreset } from '@modelbench/vision';
import { DEFAULT_PRESET_NAME, presetByName, presetName } from '../preprocess.ts';

export const PRESET_METADATA_KEY = 'modelbench.preprocess';

export interface PresetChoice {
  preset: PreprocessPreset;
  /** its command-line name (torchvision-v2) */
  name: string;
  /** where it came from, for the output line and the record */
  source: '--preprocess' | 'catalogue entry' | 'model metadata' | 'default';
}

/** ModelProto.metadata_props (field 14: StringStringEntryProto {key = 1, value = 2}), read without decoding the graph. */
export function onnxMetadata(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  try {
    for (const f of decodeFields(bytes)) {
      if (f.field !== 14 || !(f.value instanceof Uint8Array)) continue;
      const entry = decodeFields(f.value);
      const key = entry.find((e) => e.field === 1);
      const value = entry.find((e) => e.field === 2);
      if (key) out.set(fieldString(key), value ? fieldString(value) : '');
    }
  } catch (e) {
    if (e instanceof ProtoDecodeError) return out; // not an ONNX file: the model loader says so, with its own fix
    throw e;
  }
  return out;
}

/** The preset named in an export's metadata, or undefined (no such key, or the file cannot be read: the loader reports that). */
export function exportPresetName(modelPath: string): string | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(modelPath);
  } catch {
    return undefined;
  }
  return onnxMetadata(bytes).get(PRESET_METADATA_KEY);
}

/** The preset of a run: its --preprocess and the model the user asked for (the harness's ModelChoice). */
export function presetFor(preprocess: string | undefined, model: ModelChoice): PresetChoice {
  return choosePreset({ preprocess, modelId: model.catalogueId, model: model.modelPath });
}

export function choosePreset(o: { preprocess?: string | undefined; modelId?: string | undefined; model?: string | undefined }): PresetChoice {
  const chosen = (preset: PreprocessPreset, source: PresetChoice['source']): PresetChoice => ({ preset, name: presetName(preset), source });
  if (o.preprocess !== undefined) return chosen(presetByName(o.preprocess), '--preprocess');
  if (o.modelId !== undefined) {
    const id = findCatalogueEntry(o.modelId)?.preprocessPreset;
    if (id !== undefined) {
      try {
        return chosen(presetByName(id), 'catalogue entry');
      } catch {
        throw new BenchError('INTERNAL', `catalogue entry ${o.modelId} names an unknown preprocessing preset '${id}'`);
      }
    }
  } else if (o.model !== undefined) {
    const name = exportPresetName(o.model);
    if (name !== undefined) {
      try {
        return chosen(presetByName(name), 'model metadata');
      } catch (e) {
        throw new BenchError('BAD_INPUT', `${o.model} names the pre-processing preset '${name}' in its metadata (${PRESET_METADATA_KEY}), which resnet50 does not know`, {
          hint: `${(e as BenchError).hint ?? ''}; or pass --preprocess NAME to override it`,
        });
      }
    }
  }
  return chosen(presetByName(DEFAULT_PRESET_NAME), 'default');
}

/** `pre-processing: torchvision-v2 = torchvision-imagenet-v2 (from --preprocess) — shorter side 232 …` */
export function presetLine(c: PresetChoice): string {
  return `pre-processing: ${c.name}${c.name === c.preset.id ? '' : ` = ${c.preset.id}`} (from ${c.source}) — ${c.preset.description}`;
}
