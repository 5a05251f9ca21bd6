/**
 * MACs of the image-size-dependent part (backbone, FPN, RPN head) by feature stride, so the count can follow the
 * real input: torchvision resizes every photo to a shorter side of 800 and pads to a multiple of 32, so a 640×480
 * photo runs at 800×1088, 36 % more pixels than the 800×800 the reference figure (134.4 GMAC) assumes.
 * Every conv's MACs are proportional to its output's pixel count; the builder records them per output stride at its
 * nominal size, and `maskRcnnMacsAt` rescales each stride by the pixels it has at another padded size.
 */
import { MASKRCNN_CONFIG as C } from './config.ts';
import { torchvisionResizedSize } from './transform.ts';

export class StrideLedger {
  /** stride (nominal side / output side, rounded) → MACs at the nominal size */
  readonly macsByStride: Record<string, number> = {};

  constructor(readonly nominalSide: number) {}

  record(outputSide: number, macs: number): void {
    const stride = String(strideOf(this.nominalSide, outputSide));
    this.macsByStride[stride] = (this.macsByStride[stride] ?? 0) + macs;
  }
}

/** 2, 4, …, 32 for the backbone levels, 64 for P6 (whose side is ceil(P5 / 2)). */
function strideOf(nominalSide: number, outputSide: number): number {
  return 2 ** Math.round(Math.log2(nominalSide / outputSide));
}

/** Side of a feature map at `stride` for a padded image side (a multiple of 32). */
export function featureSide(paddedSide: number, stride: number): number {
  if (stride <= 32) return paddedSide / stride;
  let side = paddedSide / 32;
  for (let s = 64; s <= stride; s *= 2) side = Math.ceil(side / 2);
  return side;
}

export interface MacsAtSize {
  paddedHeight: number;
  paddedWidth: number;
  /** backbone + FPN + RPN head */
  imageMacs: number;
  /** box head for the 1000 proposals */
  boxHeadMacs: number;
  /** mask head for the detections */
  maskHeadMacs: number;
  total: number;
}

export interface MacDetails {
  macImageSize: number;
  macsByStride: Record<string, number>;
  macsBoxHeadPerRoi: number;
  macsPerDetection: number;
  proposals: number;
}

/** MACs of one forward on an image of height × width with `detections` detections. */
export function maskRcnnMacsAt(details: MacDetails, height: number, width: number, detections: number): MacsAtSize {
  const resized = torchvisionResizedSize(height, width);
  const pad = (v: number): number => Math.ceil(v / C.sizeDivisible) * C.sizeDivisible;
  const [ph, pw] = [pad(resized.height), pad(resized.width)];
  let imageMacs = 0;
  for (const [strideText, macs] of Object.entries(details.macsByStride)) {
    const stride = Number(strideText);
    const nominal = featureSide(details.macImageSize, stride) ** 2;
    imageMacs += (macs * featureSide(ph, stride) * featureSide(pw, stride)) / nominal;
  }
  const boxHeadMacs = details.proposals * details.macsBoxHeadPerRoi;
  const maskHeadMacs = detections * details.macsPerDetection;
  return { paddedHeight: ph, paddedWidth: pw, imageMacs, boxHeadMacs, maskHeadMacs, total: imageMacs + boxHeadMacs + maskHeadMacs };
}
