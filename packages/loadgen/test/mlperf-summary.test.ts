import { describe, expect, it } from 'vitest';
import { cppDouble, cppFixed } from '../src/mlperf-log/format.ts';
import { mlperfSummaryText, trailerText } from '../src/mlperf-log/summary.ts';
import { CASES, fixtureText, runOfFixture } from './mlperf-log-fixtures.ts';

describe('mlperf_log_summary.txt against MLPerf LoadGen 6.0.17 on the same traces', () => {
  for (const name of CASES) {
    it(`${name}: the text LoadGen wrote, byte for byte`, () => {
      expect(mlperfSummaryText(runOfFixture(name))).toBe(fixtureText(name, 'summary.txt'));
    });
  }

  it('a warning of the run is counted in the trailer as LoadGen counts its logged warnings', () => {
    const text = mlperfSummaryText({ ...runOfFixture('single-stream'), warnings: ['machine was busy', 'drift'] });
    expect(text.endsWith('\n2 warnings encountered. See detailed log.\n\nNo errors encountered during test.\n')).toBe(true);
    expect(trailerText(1, 1)).toBe('\n1 warning encountered. See detailed log.\n\n1 ERROR encountered. See detailed log.\n');
  });
});

describe("numbers printed as LoadGen's C++ prints them", () => {
  it('operator<< on a double: %g with 6 significant digits', () => {
    expect(cppDouble(60)).toBe('60');
    expect(cppDouble(38.56012345)).toBe('38.5601');
    expect(cppDouble(0)).toBe('0');
    expect(cppDouble(1500000)).toBe('1.5e+06');
    expect(cppDouble(123456.7)).toBe('123457');
    expect(cppDouble(0.0001)).toBe('0.0001');
    expect(cppDouble(0.00001234)).toBe('1.234e-05');
    expect(cppDouble(2.085463e18)).toBe('2.08546e+18');
  });
  it('DoubleToString: fixed, 2 decimals by default', () => {
    expect(cppFixed(94.704)).toBe('94.70');
    expect(cppFixed(90, 1)).toBe('90.0');
    expect(cppFixed(99.9)).toBe('99.90');
  });
});
