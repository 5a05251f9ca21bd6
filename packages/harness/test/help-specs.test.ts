import { describe, expect, it } from 'vitest';
import { renderUsage } from '@modelbench/core';
import { helpSpecs } from '../src/help-specs.ts';

describe('helpSpecs', () => {
  it('shows a default once, and a path inside the current folder as typed from there', () => {
    const specs = helpSpecs(
      {
        squad: { kind: 'string', value: 'FILE', description: 'records fed (default: the 293-question fixture)', default: '/repo/packages/bert/fixtures/squad.json' },
        vocab: { kind: 'string', value: 'FILE', description: 'vocabulary', default: '/repo/packages/bert/fixtures/vocab.txt' },
        elsewhere: { kind: 'string', value: 'DIR', description: 'a folder', default: '/tmp/x' },
        batch: { kind: 'positiveInt', description: 'samples per call', default: 64 },
      },
      '/repo',
    );
    const usage = renderUsage('bert performance', specs);
    expect(usage).toContain('records fed (default: the 293-question fixture)\n');
    expect(usage).not.toContain('/repo/');
    expect(usage).toContain('vocabulary (default packages/bert/fixtures/vocab.txt)');
    expect(usage).toContain('a folder (default /tmp/x)');
    expect(usage).toContain('samples per call (default 64)');
  });
});
