/**
 * Reads a recovery plan, validates it and prints the stages it runs in.
 *
 *   node examples/order-plan.ts examples/plans/three-tier.json
 */
import { readFile } from 'node:fs/promises';
import { isInvalidPlanError, parseRecoveryPlan, planStages } from 'drs-waves';

const file = process.argv[2] ?? 'examples/plans/three-tier.json';
try {
  const plan = parseRecoveryPlan(JSON.parse(await readFile(file, 'utf8')));
  planStages(plan).forEach((stage, index) => {
    console.log(`stage ${index + 1}: ${stage.map((wave) => wave.id).join(', ')}`);
  });
} catch (error) {
  if (!isInvalidPlanError(error)) throw error;
  for (const problem of error.problems) console.error(`${problem.path}: ${problem.message}`);
  process.exitCode = 1;
}
