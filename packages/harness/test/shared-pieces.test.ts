/** Small shared pieces: list flags with trailing arguments, the comparison pictures' names, outputs by name. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFlagWithArguments, unitInterval } from '../src/flag-checks.ts';
import { requireOutput } from '../src/outputs.ts';
import { pictureStem, writeComparisonPictures } from '../src/pictures.ts';

describe('flag checks', () => {
  it('a list flag takes the arguments after it; arguments without it are a usage error', () => {
    expect(listFlagWithArguments('w validate', 'images', ['a.jpg'], ['b.jpg', 'c.jpg'])).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(listFlagWithArguments('w validate', 'images', undefined, [])).toBeUndefined();
    expect(() => listFlagWithArguments('w validate', 'images', undefined, ['stray'])).toThrow(
      expect.objectContaining({ code: 'USAGE', message: "w validate: unexpected argument 'stray'", hint: 'the images go after --images' }),
    );
    expect(unitInterval('match-iou', 0)).toBe(0);
    expect(() => unitInterval('match-iou', 1.5)).toThrow(/--match-iou must be between 0 and 1, got 1.5/);
  });

  it('a missing output names itself', () => {
    const y = { type: 'float32' as const, dims: [1], data: Float32Array.of(1) };
    expect(requireOutput({ y }, 'y')).toBe(y);
    expect(() => requireOutput({ y }, 'scores')).toThrow(expect.objectContaining({ code: 'INFERENCE_FAILED', message: "the model returned no output 'scores'" }));
  });
});

describe('comparison pictures', () => {
  it('one side-by-side per sample, and the first sample also as validate_fp32 / validate_<slug> / validate_side_by_side', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-pictures-'));
    const kit = {
      sideBySide: async (panels: readonly { image: string; title: string }[]) => panels.map((p) => `${p.title}=${p.image}`).join(' | '),
      writePng: (path: string, image: string) => writeFile(path, image),
    };
    const picture = (name: string) => async () => ({ name, reference: `${name}-ref`, candidate: `${name}-cand`, referenceCaption: '2 detections', candidateCaption: '1 detections' });
    const written = await writeComparisonPictures(kit, dir, [picture('demo.jpg'), picture('my photo.png')], { text: 'bf16 (emulated)', slug: 'bf16-emulated' });
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['demo_side_by_side.png', 'validate_fp32.png', 'validate_bf16-emulated.png', 'validate_side_by_side.png', 'my_photo_side_by_side.png']);
    expect(readdirSync(dir)).toHaveLength(5);
    expect(readFileSync(join(dir, 'demo_side_by_side.png'), 'utf8')).toBe('fp32: 2 detections=demo.jpg-ref | bf16 (emulated): 1 detections=demo.jpg-cand');
    expect(readFileSync(join(dir, 'validate_bf16-emulated.png'), 'utf8')).toBe('demo.jpg-cand');
    expect(pictureStem('a/b/c d.e.jpg')).toBe('c_d.e');
  });
});
