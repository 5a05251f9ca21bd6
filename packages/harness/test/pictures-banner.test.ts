/** The comparison pictures' banner (synthetic weights) as a title strip of its own, and the candidate as marks name it. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_PICTURE_BANNER, markLabel, writeComparisonPictures } from '../src/pictures.ts';

/** Images are strings: a panel list renders as `[title=image | …]`, so what wraps what can be read back. */
const kit = {
  sideBySide: async (panels: readonly { image: string; title?: string }[]) => `[${panels.map((p) => `${p.title}=${p.image}`).join(' | ')}]`,
  writePng: (path: string, image: string) => writeFile(path, image),
};
const picture = async () => ({ name: 'demo.jpg', reference: 'R', candidate: 'C', referenceCaption: '2 detections', candidateCaption: '1 detections' });
const label = { text: 'bf16 (emulated)', slug: 'bf16-emulated' };

describe('comparison pictures with a banner', () => {
  it('puts the banner above every file written: each single drawing, and the side-by-side over its own titles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-banner-'));
    await writeComparisonPictures(kit, dir, [picture], label, { banner: SYNTHETIC_PICTURE_BANNER });
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    const b = 'SYNTHETIC weights - the classes mean nothing';
    expect(read('validate_fp32.png')).toBe(`[${b}=R]`);
    expect(read('validate_bf16-emulated.png')).toBe(`[${b}=C]`);
    expect(read('demo_side_by_side.png')).toBe(`[${b}=[fp32: 2 detections=R | bf16 (emulated): 1 detections=C]]`);
    expect(read('validate_side_by_side.png')).toBe(read('demo_side_by_side.png'));
  });

  it('without one, the drawings are written as drawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-banner-'));
    await writeComparisonPictures(kit, dir, [picture], label, {});
    expect(readFileSync(join(dir, 'validate_fp32.png'), 'utf8')).toBe('R');
    expect(readFileSync(join(dir, 'demo_side_by_side.png'), 'utf8')).toBe('[fp32: 2 detections=R | bf16 (emulated): 1 detections=C]');
  });

  it('names the candidate in a mark without nested parentheses', () => {
    expect(markLabel(label)).toBe('bf16 emulated');
    expect(markLabel({ text: 'fp32 (repeat)', slug: 'fp32-repeat' })).toBe('fp32 repeat');
  });

  it('puts the agreement caption as its own strip over the panels and the candidate, under the banner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-banner-'));
    const captioned = async () => ({ ...(await picture()), caption: 'vs fp32: recall 0.500 (1 matched; 1 lost, 0 gained)' });
    await writeComparisonPictures(kit, dir, [captioned], label, { banner: 'B' });
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    const c = 'vs fp32: recall 0.500 (1 matched; 1 lost, 0 gained)';
    expect(read('demo_side_by_side.png')).toBe(`[B=[${c}=[fp32: 2 detections=R | bf16 (emulated): 1 detections=C]]]`);
    expect(read('validate_bf16-emulated.png')).toBe(`[B=[${c}=C]]`);
    expect(read('validate_fp32.png')).toBe('[B=R]');
  });
});
