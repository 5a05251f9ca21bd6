/**
 * ResNet50 signature adapters: which input takes the NCHW image batch and which output holds the 1000 logits; bound
 * once per session to the input and output names and the batch dimension (fixed or not).
 * - zoo-resnet50: the ONNX Model Zoo's resnet50-v1-7/-v1-12/-v2-7 (input `data`, output `resnetv17_dense0_fwd` or
 *   `resnetv24_dense0_fwd`), int8/qdq variants included (their I/O stays float32).
 * - torchvision: a `torch.onnx.export` of torchvision's resnet50 (one float input [N,3,224,224] → [N,1000]), and
 *   the synthetic default.
 */
import { dimsMatch, type ModelAdapter, type ModelSignature } from '@modelbench/harness';

/** What pre- and post-processing need to know about one loaded classifier. */
export interface ClassifierBinding {
  inputName: string;
  outputName: string;
  /** the model's batch dimension when it is fixed (a batch then runs as consecutive calls), else null */
  fixedBatch: number | null;
  /** the image input's shape as the model declares it (for the fixed-batch check's message) */
  inputShape: readonly (number | string)[];
}

const IMAGE_DIMS = [null, 3, 224, 224] as const;

function batchOf(sig: ModelSignature): number | null {
  const d = sig.inputs[0]?.shape[0];
  return typeof d === 'number' ? d : null;
}

const ZOO_OUTPUT = /^resnetv\d+_dense0_fwd$/;

export const zooResnet50Adapter: ModelAdapter<ClassifierBinding> = {
  name: 'zoo-resnet50',
  signature: 'data float[N,3,224,224] -> resnetv17_dense0_fwd | resnetv24_dense0_fwd float[N,1000]',
  match(sig) {
    const input = sig.inputs.find((i) => i.name === 'data');
    const output = sig.outputs.find((o) => ZOO_OUTPUT.test(o.name));
    if (!input) return "no input named 'data'";
    if (!output) return "no output named 'resnetv17_dense0_fwd' or 'resnetv24_dense0_fwd'";
    if (!dimsMatch(input.shape, IMAGE_DIMS)) return `input 'data' has shape [${input.shape}], expected [N,3,224,224]`;
    return null;
  },
  bind: (sig) => ({ inputName: 'data', outputName: (sig.outputs.find((o) => ZOO_OUTPUT.test(o.name)) ?? sig.outputs[0])!.name, fixedBatch: batchOf(sig), inputShape: sig.inputs.find((i) => i.name === 'data')!.shape }),
};

export const torchvisionClassifierAdapter: ModelAdapter<ClassifierBinding> = {
  name: 'torchvision',
  signature: 'one float input [N,3,224,224] -> one output [N,1000] (torch.onnx.export of torchvision resnet50)',
  match(sig) {
    if (sig.inputs.length !== 1) return `expected 1 input, found ${sig.inputs.length}`;
    if (sig.outputs.length !== 1) return `expected 1 output, found ${sig.outputs.length}`;
    const [input] = sig.inputs;
    const [output] = sig.outputs;
    if (input!.type !== 'float32') return `input '${input!.name}' is ${input!.type}, expected float32`;
    if (!dimsMatch(input!.shape, IMAGE_DIMS)) return `input '${input!.name}' has shape [${input!.shape}], expected [N,3,224,224]`;
    if (!dimsMatch(output!.shape, [null, 1000])) return `output '${output!.name}' has shape [${output!.shape}], expected [N,1000]`;
    return null;
  },
  bind: (sig) => ({ inputName: sig.inputs[0]!.name, outputName: sig.outputs[0]!.name, fixedBatch: batchOf(sig), inputShape: sig.inputs[0]!.shape }),
};

export const resnet50Adapters: readonly ModelAdapter<ClassifierBinding>[] = [zooResnet50Adapter, torchvisionClassifierAdapter];
