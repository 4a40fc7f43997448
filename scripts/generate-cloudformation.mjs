// Writes examples/cloudformation/drs-waves.template.json, target-account.template.json and
// target-account-events.template.json
// from the library:
//
//   npm run examples:cloudformation
//
// test/examples/cloudformation.test.ts fails when the checked-in file differs from this output.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importFromSource, root } from './importFromSource.mjs';

const { renderCloudFormationTemplate } = await importFromSource(
  'examples/cloudformation/buildTemplate.ts',
);
const target = join(root, 'examples', 'cloudformation', 'drs-waves.template.json');
await writeFile(target, renderCloudFormationTemplate());
console.log(`Wrote ${target}`);

const { renderTargetAccountTemplate } = await importFromSource(
  'examples/cloudformation/buildTargetAccountTemplate.ts',
);
const targetAccount = join(root, 'examples', 'cloudformation', 'target-account.template.json');
await writeFile(targetAccount, renderTargetAccountTemplate());
console.log(`Wrote ${targetAccount}`);

const { renderTargetEventsTemplate } = await importFromSource(
  'examples/cloudformation/buildTargetEventsTemplate.ts',
);
const targetEvents = join(
  root,
  'examples',
  'cloudformation',
  'target-account-events.template.json',
);
await writeFile(targetEvents, renderTargetEventsTemplate());
console.log(`Wrote ${targetEvents}`);
