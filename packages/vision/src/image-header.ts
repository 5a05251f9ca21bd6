/**
 * Reads an image file's format, size and colour model from its first bytes, without decoding pixels, so that a huge
 * or malformed image is refused before a decoder allocates memory for it. Pure: bytes in, facts out.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'tiff';
export type SourceColour = 'gray' | 'gray+alpha' | 'rgb' | 'rgba' | 'palette' | 'cmyk' | 'unknown';

export interface ImageHeader {
  format: ImageFormat;
  /** null when the header does not say (TIFF, or a JPEG whose frame header was not found). */
  width: number | null;
  height: number | null;
  colour: SourceColour;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  if (b.length < sig.length) return false;
  return sig.every((v, i) => b[i] === v);
}

const be16 = (b: Uint8Array, o: number): number => ((b[o] as number) << 8) | (b[o + 1] as number);
const be32 = (b: Uint8Array, o: number): number => (be16(b, o) * 65536 + be16(b, o + 2)) >>> 0;
const le16 = (b: Uint8Array, o: number): number => (b[o] as number) | ((b[o + 1] as number) << 8);
const le32s = (b: Uint8Array, o: number): number =>
  (b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24);

function pngHeader(b: Uint8Array): ImageHeader {
  // IHDR is the first chunk: length(4) 'IHDR'(4) width(4) height(4) depth(1) colourType(1)
  if (b.length < 26 || b[12] !== 0x49 || b[13] !== 0x48 || b[14] !== 0x44 || b[15] !== 0x52) {
    return { format: 'png', width: null, height: null, colour: 'unknown' };
  }
  const colourByType: Record<number, SourceColour> = { 0: 'gray', 2: 'rgb', 3: 'palette', 4: 'gray+alpha', 6: 'rgba' };
  return { format: 'png', width: be32(b, 16), height: be32(b, 20), colour: colourByType[b[25] as number] ?? 'unknown' };
}

/** Start-of-frame markers carry the size: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegHeader(b: Uint8Array): ImageHeader {
  let o = 2;
  while (o + 4 <= b.length) {
    if (b[o] !== 0xff) break; // not at a marker: corrupt or unsupported layout
    const marker = b[o + 1] as number;
    if (marker === 0xff) {
      o += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      o += 2; // markers without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // start of scan / end of image before any frame header
    const length = be16(b, o + 2);
    if (isStartOfFrame(marker) && o + 10 <= b.length) {
      const components = b[o + 9] as number;
      const colour: SourceColour = components === 1 ? 'gray' : components === 3 ? 'rgb' : components === 4 ? 'cmyk' : 'unknown';
      return { format: 'jpeg', height: be16(b, o + 5), width: be16(b, o + 7), colour };
    }
    o += 2 + length;
  }
  return { format: 'jpeg', width: null, height: null, colour: 'unknown' };
}

function bmpHeader(b: Uint8Array): ImageHeader {
  if (b.length < 30) return { format: 'bmp', width: null, height: null, colour: 'unknown' };
  const bitsPerPixel = le16(b, 28);
  const colour: SourceColour = bitsPerPixel <= 8 ? 'palette' : bitsPerPixel === 32 ? 'rgba' : 'rgb';
  return { format: 'bmp', width: Math.abs(le32s(b, 18)), height: Math.abs(le32s(b, 22)), colour };
}

/** null when the bytes are not an image format this package decodes. */
export function readImageHeader(b: Uint8Array): ImageHeader | null {
  if (startsWith(b, PNG_SIGNATURE)) return pngHeader(b);
  if (startsWith(b, [0xff, 0xd8, 0xff])) return jpegHeader(b);
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38]) && b.length >= 10) {
    return { format: 'gif', width: le16(b, 6), height: le16(b, 8), colour: 'palette' };
  }
  if (startsWith(b, [0x42, 0x4d])) return bmpHeader(b);
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { format: 'tiff', width: null, height: null, colour: 'unknown' };
  }
  return null;
}
