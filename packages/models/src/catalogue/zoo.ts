/**
 * ONNX Model Zoo entries, pinned to onnx/models @ b1eeaa1a (2025-06-27): sha256 and size from the Git LFS pointers,
 * equal to ONNX_HUB_MANIFEST.json; I/O from that manifest's io_ports (see shared/data/zoo-models.json and .md).
 * The Zoo's GitHub LFS links stopped serving in July 2025, so the Hugging Face mirror (onnxmodelzoo/<name>) comes
 * first; every URL is acceptable because the bytes are checked against the pin.
 */
import type { IoSignature, Precision, RemoteEntry, WorkloadId } from './types.ts';

export const ZOO_COMMIT = 'b1eeaa1ac722dcc1cd1a8284bde34393dab61c3d';
const ZOO_PROVENANCE = `Git LFS pointer in onnx/models @ ${ZOO_COMMIT.slice(0, 8)} (equals ONNX_HUB_MANIFEST.json)`;

const RESNET_V1: IoSignature = {
  inputs: [{ name: 'data', type: 'float32', shape: ['N', 3, 224, 224] }],
  outputs: [{ name: 'resnetv17_dense0_fwd', type: 'float32', shape: ['N', 1000] }],
};
const RESNET_V2: IoSignature = {
  inputs: [{ name: 'data', type: 'float32', shape: ['N', 3, 224, 224] }],
  outputs: [{ name: 'resnetv24_dense0_fwd', type: 'float32', shape: ['N', 1000] }],
};
const SSD: IoSignature = {
  inputs: [{ name: 'image', type: 'float32', shape: [1, 3, 1200, 1200] }],
  outputs: [
    { name: 'bboxes', type: 'float32', shape: [1, 'nbox', 4] },
    { name: 'labels', type: 'int64', shape: [1, 'nbox'] },
    { name: 'scores', type: 'float32', shape: [1, 'nbox'] },
  ],
};
const MASKRCNN: IoSignature = {
  inputs: [{ name: 'image', type: 'float32', shape: [3, 'height', 'width'] }],
  outputs: [
    { name: '6568', type: 'float32', shape: ['nbox', 4] },
    { name: '6570', type: 'int64', shape: ['nbox'] },
    { name: '6572', type: 'float32', shape: ['nbox'] },
    { name: '6887', type: 'float32', shape: ['nbox', 1, 28, 28] },
  ],
};
const BERTSQUAD: IoSignature = {
  inputs: [
    { name: 'unique_ids_raw_output___9:0', type: 'int64', shape: ['unk__492'] },
    { name: 'segment_ids:0', type: 'int64', shape: ['unk__493', 256] },
    { name: 'input_mask:0', type: 'int64', shape: ['unk__494', 256] },
    { name: 'input_ids:0', type: 'int64', shape: ['unk__495', 256] },
  ],
  outputs: [
    { name: 'unstack:1', type: 'float32', shape: ['unk__496', 256] },
    { name: 'unstack:0', type: 'float32', shape: ['unk__497', 256] },
    { name: 'unique_ids:0', type: 'int64', shape: ['unk__498'] },
  ],
};

const NOTES = {
  resnet:
    'RGB, shorter side 256 then centre crop 224, /255 then mean [0.485,0.456,0.406] std [0.229,0.224,0.225], NCHW; ' +
    'output = logits over the 1000 ImageNet classes (softmax outside).',
  ssd:
    'RGB resized to 1200x1200 (aspect not kept), /255, ImageNet mean/std, NCHW; boxes normalised to [0,1] ' +
    '(x1,y1,x2,y2 per the MLPerf code), labels 1..80, scores sorted descending.',
  maskrcnn:
    'BGR on the 0-255 scale minus [102.9801,115.9465,122.7717], shorter side 800, no batch dimension, zero-padded to ' +
    'a multiple of 32; outputs boxes (pixels of the resized image), labels 1..80, scores, 28x28 masks to paste (0.5).',
  bert:
    'uncased WordPiece, seq 256, doc stride 128, max query 64; inputs [CLS] q [SEP] ctx [SEP]; outputs unstack:0 = ' +
    'start logits, unstack:1 = end logits.',
};

interface ZooRow {
  name: string;
  workload: WorkloadId;
  folder: string;
  sha256: string;
  sizeBytes: number;
  precision: Precision;
  signature: IoSignature;
  license: string;
  title: string;
  notes: string;
}

const R = 'validated/vision/classification/resnet/model';
const S = 'validated/vision/object_detection_segmentation/ssd/model';
const M = 'validated/vision/object_detection_segmentation/mask-rcnn/model';
const B = 'validated/text/machine_comprehension/bert-squad/model';
const A2 = 'Apache-2.0';

// prettier-ignore
const ROWS: readonly ZooRow[] = [
  { name: 'resnet50-v1-12', workload: 'resnet50', folder: R, sha256: '3f03fdef724b22947eed826f1eef1dc5c34151bb4c37d634f1db89dfa2dd1526', sizeBytes: 102576593, precision: 'fp32', signature: RESNET_V1, license: A2, title: 'ResNet50 v1 (MXNet Gluon), opset 12', notes: NOTES.resnet },
  { name: 'resnet50-v1-12-int8', workload: 'resnet50', folder: R, sha256: 'c234f30975989788b4405f25253275aae247ab6dbdd34aaa69ab0a59ff76f6d0', sizeBytes: 25816052, precision: 'int8', signature: RESNET_V1, license: A2, title: 'ResNet50 v1 int8 (QLinear, Intel Neural Compressor)', notes: NOTES.resnet },
  { name: 'resnet50-v1-12-qdq', workload: 'resnet50', folder: R, sha256: 'e6429d274805654c79ba68dc886c1efd4eff95393e747c35d3fdab579febd8a0', sizeBytes: 25753167, precision: 'int8-qdq', signature: RESNET_V1, license: A2, title: 'ResNet50 v1 int8 QDQ (Intel Neural Compressor)', notes: NOTES.resnet },
  { name: 'resnet50-v1-7', workload: 'resnet50', folder: R, sha256: 'af16a04a6ec48ac494065d4439fe9dea590d337b9ca6dc328160ccf04a217b9c', sizeBytes: 102583340, precision: 'fp32', signature: RESNET_V1, license: A2, title: 'ResNet50 v1 (MXNet Gluon), opset 7', notes: NOTES.resnet },
  { name: 'resnet50-v2-7', workload: 'resnet50', folder: R, sha256: '79102261eb6e5fd7af5d27f41316293e388c5cb691e5d25bfb035c4f64fefe31', sizeBytes: 102442452, precision: 'fp32', signature: RESNET_V2, license: A2, title: 'ResNet50 v2 (pre-activation, MXNet Gluon), opset 7', notes: NOTES.resnet },
  { name: 'ssd-12', workload: 'ssd', folder: S, sha256: '5ec1e058e666ef980a6213ac40088877865aafb2b6676b9af204b3828e4bb9d5', sizeBytes: 80366315, precision: 'fp32', signature: SSD, license: A2, title: 'SSD-ResNet34 1200x1200 (MLPerf), opset 12', notes: NOTES.ssd },
  { name: 'ssd-12-int8', workload: 'ssd', folder: S, sha256: '56d2c03a8c74c03f704509ccfcd91763991c6e1b92f63da730fb2b3d07565453', sizeBytes: 20485276, precision: 'int8', signature: SSD, license: A2, title: 'SSD-ResNet34 int8 (QLinear)', notes: NOTES.ssd },
  { name: 'ssd-12-qdq', workload: 'ssd', folder: S, sha256: 'fba599b77e556525844e4e1022a9f60969b0e9130baa03640539cb0b58f474a2', sizeBytes: 20479614, precision: 'int8-qdq', signature: SSD, license: A2, title: 'SSD-ResNet34 int8 QDQ', notes: NOTES.ssd },
  { name: 'MaskRCNN-12', workload: 'maskrcnn', folder: M, sha256: '5bf940c124d9117f6fae350c4e0d46df180cbb01981832b35fdbed148078b946', sizeBytes: 177970010, precision: 'fp32', signature: MASKRCNN, license: 'MIT', title: 'Mask R-CNN R-50-FPN (maskrcnn-benchmark), opset 12', notes: NOTES.maskrcnn },
  { name: 'MaskRCNN-12-int8', workload: 'maskrcnn', folder: M, sha256: '4409935e855719fd6cd986f7ec2a3de840d0bd9c9cf7a0cba84ce95377f5b476', sizeBytes: 45769352, precision: 'int8', signature: MASKRCNN, license: 'MIT', title: 'Mask R-CNN R-50-FPN int8 (QLinear)', notes: NOTES.maskrcnn },
  { name: 'MaskRCNN-12-qdq', workload: 'maskrcnn', folder: M, sha256: 'd6fe3a9f49c3009d745b388c09c06ec3b332d942ba456053411a1f1bff22af9c', sizeBytes: 45676737, precision: 'int8-qdq', signature: MASKRCNN, license: 'MIT', title: 'Mask R-CNN R-50-FPN int8 QDQ', notes: NOTES.maskrcnn },
  { name: 'bertsquad-12', workload: 'bert', folder: B, sha256: '5f0d96a9e6b8a4a2e59f9636f8bbad09ee8a0c58c8212027cc17c5fcc9659e55', sizeBytes: 435852736, precision: 'fp32', signature: BERTSQUAD, license: A2, title: 'BERT-base uncased SQuAD v1.1 (TF), seq 256, opset 12', notes: NOTES.bert },
  { name: 'bertsquad-12-int8', workload: 'bert', folder: B, sha256: '24325bdf732256859e07a385d2f363a6839b20b2bb4a57ac362b3982fc8ce121', sizeBytes: 124565601, precision: 'int8', signature: BERTSQUAD, license: A2, title: 'BERT-base uncased SQuAD v1.1 int8 (QLinear), seq 256', notes: NOTES.bert },
];

/** The mirror URL first, GitHub (the Zoo's own, LFS) second. */
export function zooUrls(name: string, folder: string): string[] {
  return [
    `https://huggingface.co/onnxmodelzoo/${name}/resolve/main/${name}.onnx`,
    `https://github.com/onnx/models/raw/main/${folder}/${name}.onnx`,
  ];
}

/** The Zoo's ResNet50 README: shorter side 256, centre crop 224 (torchvision's IMAGENET1K_V1 recipe). */
const PRESET_BY_WORKLOAD: Partial<Record<WorkloadId, string>> = { resnet50: 'torchvision-imagenet' };

export const ZOO_ENTRIES: readonly RemoteEntry[] = ROWS.map((r) => ({
  id: r.name,
  workload: r.workload,
  title: r.title,
  license: r.license,
  signature: r.signature,
  notes: r.notes,
  ...(PRESET_BY_WORKLOAD[r.workload] ? { preprocessPreset: PRESET_BY_WORKLOAD[r.workload] } : {}),
  source: 'onnx-model-zoo',
  kind: 'model',
  format: 'onnx',
  precision: r.precision,
  urls: zooUrls(r.name, r.folder),
  pin: { sha256: r.sha256, sizeBytes: r.sizeBytes },
  provenance: ZOO_PROVENANCE,
}));
