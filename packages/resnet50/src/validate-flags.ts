/** Flags of ResNet50 `validate` (the shared model/backend flags plus images, thresholds and outputs). */
import type { FlagSpecs } from '@modelbench/core';
import { backendFlags, modelFlags } from '@modelbench/harness';
import { DEFAULT_THRESHOLDS } from './agreement.ts';

export const resnet50ValidateFlags = {
  ...modelFlags,
  ...backendFlags,
  images: { kind: 'strings', value: 'FILE|DIR', description: 'photos to classify (files or folders, repeat or comma-separate; default: the six sample photos)' },
  preprocess: { kind: 'string', value: 'NAME', default: 'torchvision', description: 'torchvision (Resize 256 + CenterCrop 224) | direct-224 (the original\'s straight resize)' },
  'candidate-model': { kind: 'string', value: 'PATH', description: 'compare --model in fp32 against this model in the requested precision (default: the same model)' },
  basis: { kind: 'string', value: 'auto|predictions|logits', default: 'auto', description: 'what the verdict uses (auto: logits for synthetic weights, predictions otherwise)' },
  'min-top1-agreement': { kind: 'number', value: 'FRACTION', default: DEFAULT_THRESHOLDS.minTop1Agreement, description: 'share of images whose top-1 must agree (1 = every image)' },
  'min-top5-overlap': { kind: 'int', default: DEFAULT_THRESHOLDS.minTop5Overlap, description: 'least top-5 overlap accepted on any image' },
  'max-logits-rel-error': { kind: 'positiveNumber', default: DEFAULT_THRESHOLDS.maxLogitsRelError, description: 'largest logits relative error accepted (the synthetic-weights criterion)' },
  profiling: { kind: 'boolean', description: 'profile both runs and print the operator table for fp32 and the candidate side by side' },
  'profile-dir': { kind: 'string', value: 'DIR', default: 'out/profiles', description: 'where the Chrome-trace profiles go' },
  top: { kind: 'positiveInt', default: 15, description: 'operator rows in the profile table' },
  'out-dir': { kind: 'string', value: 'DIR', default: 'out/validate/resnet50', description: 'where predictions.json is written' },
  json: { kind: 'string', value: 'FILE', description: 'write the two run records (fp32 reference, candidate) as JSON' },
} as const satisfies FlagSpecs;
