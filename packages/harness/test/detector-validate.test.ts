/** A detector's validate parts: the photo list and its flag checks, the report's frame, the predictions file's rows. */
import { describe, expect, it } from 'vitest';
import { detectorAgreementOptions, detectorImages, detectorPredictionRows, detectorReport } from '../src/detector-validate.ts';

const photo = (name: string, notices: string[] = []) => ({ path: `/p/${name}`, name, image: { width: 4, height: 3 }, notices });

describe('detector validate parts', () => {
  it('takes --images and the arguments after it once every fraction flag lies in [0, 1]', () => {
    const f = { images: ['a.jpg'], 'score-threshold': 0.5, 'match-iou': 1 };
    expect(detectorImages('w validate', f, ['b.jpg'], ['score-threshold', 'match-iou'])).toEqual(['a.jpg', 'b.jpg']);
    expect(detectorImages('w validate', { ...f, images: undefined }, [], ['score-threshold'])).toBeUndefined();
    expect(() => detectorImages('w validate', { ...f, 'match-iou': 1.5 }, [], ['score-threshold', 'match-iou'])).toThrow(/--match-iou must be between 0 and 1, got 1.5/);
    // a stray argument is reported before a bad fraction, as the list comes first
    expect(() => detectorImages('w validate', { ...f, images: undefined, 'match-iou': 2 }, ['x'], ['match-iou'])).toThrow("w validate: unexpected argument 'x'");
    expect(detectorAgreementOptions({ 'score-threshold': 0.3, 'match-iou': 0.6 }, { minRecall: 1 })).toEqual({ scoreThreshold: 0.3, matchIou: 0.6, thresholds: { minRecall: 1 } });
  });

  it('reports per photo its line, notices, counts of all predictions and table (where the workload prints one), then the totals', () => {
    const lines = detectorReport(
      'header',
      {
        photos: [photo('a.jpg', ['converted grayscale to RGB']), photo('b.jpg')],
        reference: [[1, 2, 3], [4]],
        candidate: [[5, 6], []],
        details: { scoreThreshold: 0.5, matchIou: 0.5, images: ['A', 'B'], compared: [{ reference: [1, 2], candidate: [5] }, { reference: [], candidate: [] }], totals: 'T' },
        candidateLabel: { text: 'bf16 (emulated)', slug: 'bf16-emulated' },
      },
      {
        noun: 'things',
        imageLine: (a, w, h, label, score) => `${a} ${w}x${h} ${label} > ${score}`,
        table: (a, ref, got) => (ref.length ? `table ${a}: ${ref.join(',')} / ${got.join(',')}` : null),
        totalsLines: (t, label) => [`totals ${t} ${label}`],
      },
    );
    expect(lines).toEqual([
      'header',
      '',
      'A 4x3 bf16 (emulated) > 0.5',
      '  note: converted grayscale to RGB',
      '  (all things: fp32 3, bf16 (emulated) 2)',
      'table A: 1,2 / 5',
      '',
      'B 4x3 bf16 (emulated) > 0.5',
      '  (all things: fp32 1, bf16 (emulated) 0)',
      '',
      'totals T bf16 (emulated)',
    ]);
  });

  it('writes per photo its path, size and both sides as summarised', () => {
    expect(detectorPredictionRows([photo('a.jpg')], [[1, 2]], [[3]], (xs) => xs.length)).toEqual([{ image: '/p/a.jpg', width: 4, height: 3, fp32: 2, candidate: 1 }]);
  });
});
