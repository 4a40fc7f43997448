import { describe, expect, it } from 'vitest';
import { parseIsoDuration } from '../../src/readiness/internal/parseIsoDuration';

describe('parseIsoDuration', () => {
  it.each([
    ['PT0S', 0],
    ['PT45S', 45],
    ['PT2H5M7S', 7507],
    ['PT1.5S', 1.5],
    ['PT0,25S', 0.25],
    ['P1DT2H', 93_600],
    ['P2W', 1_209_600],
    ['P1Y', 31_536_000],
    ['P1M', 2_592_000],
    ['pt90m', 5400],
    [' PT10S ', 10],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(parseIsoDuration(text)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', 'P1DT', '1H', 'PT-5S', 'PT5', 'P1H', 'forever'])('refuses %j', (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });
});
