import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecoveryPlan, planStages } from '../src/index';

const dir = join(import.meta.dirname, '..', 'examples', 'plans');
const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));

describe('example plans', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s parses and orders into stages', async (file) => {
    const plan = parseRecoveryPlan(JSON.parse(await readFile(join(dir, file), 'utf8')));
    expect(plan.executionType).toBe('DRILL');
    expect(planStages(plan).flat()).toHaveLength(plan.waves.length);
  });
});
