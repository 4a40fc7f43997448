import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { isDrsWavesError } from '../errors';
import { parseRecoveryPlan } from '../plan/parseRecoveryPlan';
import { planStages } from '../plan/planStages';

const program = new Command()
  .name('drs-waves')
  .description('Orchestrate AWS Elastic Disaster Recovery drills and recoveries in waves.');

program
  .command('validate')
  .description('Check a recovery plan and print its stages.')
  .argument('<plan>', 'path to the plan, a JSON file')
  .action(async (file: string) => {
    const plan = parseRecoveryPlan(JSON.parse(await readFile(file, 'utf8')));
    const stages = planStages(plan);
    console.log(`Plan "${plan.id}": ${plan.waves.length} waves in ${stages.length} stages`);
    stages.forEach((stage, i) => {
      console.log(`  stage ${i + 1}: ${stage.map((wave) => wave.id).join(', ')}`);
    });
  });

program.parseAsync().catch((error: unknown) => {
  console.error(isDrsWavesError(error) ? error.message : String(error));
  process.exitCode = 1;
});
