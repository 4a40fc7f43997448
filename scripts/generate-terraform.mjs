// Writes the generated files of the Terraform module (examples/terraform) from the library:
// the state machine definition and the IAM policy documents, as templatefile() templates.
//
//   npm run examples:terraform
//
// test/examples/terraform.test.ts fails when a checked-in file differs from this output.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { importFromSource, root } from './importFromSource.mjs';

const moduleDir = join(root, 'examples', 'terraform');
const { buildTerraformFiles } = await importFromSource('examples/terraform/buildModule.ts');
for (const [path, contents] of Object.entries(buildTerraformFiles())) {
  const target = join(moduleDir, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, contents);
  console.log(`Wrote ${target}`);
}
