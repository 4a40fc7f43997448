import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { asl } from '../../src/cli/commands/asl';
import { simulate } from '../../src/cli/commands/simulate';
import { validate } from '../../src/cli/commands/validate';
import { CliError, readGroups, readPlan, report } from '../../src/cli/internal';
import { buildPollingStateMachine } from '../../src/index';
import { captureCli } from '../helpers/cliConsole';

const threeTier = join(import.meta.dirname, '..', '..', 'examples', 'plans', 'three-tier.json');
const cli = captureCli('drs-waves-inputs-');
const { logs, errors } = cli;

const file = async (name: string, text: string) => {
  const path = join(cli.dir, name);
  await writeFile(path, text);
  return path;
};
const stdin = (text: string) => () => Readable.from([Buffer.from(text)]);
/** The error a command or reader rejects with, and what the command prints and exits with. */
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  const code = report(error);
  return { message: (error as Error).message, code, printed: errors.at(-1) };
};

const yamlPlan = `# The three-tier sample, in YAML.
$schema: ../../schema/recovery-plan.schema.json
id: three-tier
name: Three-tier web shop
description: >-
  Database, then application servers, then web servers; the web tier waits for an operator.
executionType: DRILL
rtoMinutes: 60
waves:
  - id: database
    name: Database tier
    servers:
      - s-00000000000000001
      - s-00000000000000002
      - sourceServerId: s-00000000000000003
        impact: OPTIONAL
    timeoutSeconds: 3600
    rtoMinutes: 15
  - id: app
    name: Application tier
    servers: [s-00000000000000004, s-00000000000000005, s-00000000000000006, s-00000000000000007]
  - id: app2
    dependsOn: []
    servers:
      - { sourceServerId: s-00000000000000008, impact: OPTIONAL }
  - id: web
    name: Web tier
    dependsOn: [app, app2]
    servers: [s-00000000000000009, s-0000000000000000a, s-0000000000000000b, s-0000000000000000c]
    requireApproval: true
`;

describe('plans in YAML', () => {
  it('reads .yaml and .yml files as the JSON plan they spell', async () => {
    const json = JSON.parse(await readFile(threeTier, 'utf8')) as Record<string, unknown>;
    const fromYaml = await readPlan(await file('plan.yaml', yamlPlan));
    expect(fromYaml.waves.map((w) => w.id)).toStrictEqual(['database', 'app', 'app2', 'web']);
    expect(fromYaml.waves[0]).toStrictEqual((await readPlan(threeTier)).waves[0]);
    expect(fromYaml.description).toBe(json.description);
    expect((await readPlan(await file('plan.YML', yamlPlan))).id).toBe('three-tier');
  });

  it('validates a YAML plan, with protection groups in YAML', async () => {
    const plan = await file('plan.yml', 'id: p\nwaves:\n  - id: a\n    protectionGroups: [pg-a]\n');
    const groups = await file('groups.yaml', '- id: pg-a\n  servers: [s-00000000000000001]\n');
    expect(await validate(plan, { groups })).toBe(0);
    expect(logs).toContain('  a: 1 server in 1 DRS job');
    expect(logs.at(-1)).toBe('OK: no problems found.');
  });

  it('reads - from standard input, JSON or YAML by content', async () => {
    const json = await readFile(threeTier, 'utf8');
    expect((await readPlan('-', stdin(json))).id).toBe('three-tier');
    expect((await readPlan('-', stdin(yamlPlan))).waves).toHaveLength(4);
    vi.spyOn(process, 'stdin', 'get').mockReturnValue(
      Readable.from([Buffer.from(yamlPlan)]) as unknown as typeof process.stdin,
    );
    expect(await validate('-', {})).toBe(0);
    expect(logs[0]).toBe('Plan "three-tier" (Three-tier web shop): 4 waves in 3 stages');
  });

  it('applies an options file in YAML', async () => {
    const options = await file(
      'options.yaml',
      'lambdaArn: arn:aws:lambda:eu-west-1:1:function:r\n',
    );
    expect(await asl({ options })).toBe(0);
    expect(JSON.parse(logs.join('\n'))).toStrictEqual(
      buildPollingStateMachine({ lambdaArn: 'arn:aws:lambda:eu-west-1:1:function:r' }),
    );
  });
});

describe('a plan file that cannot be read', () => {
  it('is reported naming the file and the parse error, exit 2, before anything runs', async () => {
    const bad = await file('bad.json', 'hello');
    const out = join(cli.dir, 'report');
    expect(await failure(simulate(bad, { out, storage: 'memory' }))).toStrictEqual({
      message: `Plan file ${JSON.stringify(bad)} is not valid JSON: Unexpected token 'h', "hello" is not valid JSON`,
      code: 2,
      printed: `drs-waves: Plan file ${JSON.stringify(bad)} is not valid JSON: Unexpected token 'h', "hello" is not valid JSON`,
    });
    expect(logs).toStrictEqual([]);
    await expect(readFile(join(out, 'drill-report.json'))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['empty.json', ''],
    ['blank.json', ' \n\t\n'],
    ['empty.yaml', ''],
    ['comments.yaml', '# nothing yet\n'],
    ['plan', '\n'],
  ])('is empty: %s', async (name, text) => {
    const path = await file(name, text);
    expect(await failure(validate(path, {}))).toStrictEqual({
      message: `Plan file ${JSON.stringify(path)} is empty`,
      code: 2,
      printed: `drs-waves: Plan file ${JSON.stringify(path)} is empty`,
    });
  });

  it.each([
    ['cut.json', '{ "id": "p", "waves": [', 'JSON', 'Unexpected end of JSON input'],
    ['dup.yaml', 'id: a\nid: b\n', 'YAML', 'Map keys must be unique at line 2, column 1'],
    ['tab.yml', '\tid: a\n', 'YAML', 'Tabs are not allowed as indentation at line 1, column 1'],
    [
      'two.yaml',
      'id: a\n---\nid: b\n',
      'YAML',
      'Expected one document, got another at line 2, column 1',
    ],
    ['tag.yaml', 'id: !secret a\n', 'YAML', 'Unresolved tag: !secret at line 1, column 5'],
    [
      'alias.yaml',
      'id: *nowhere\n',
      'YAML',
      'Unresolved alias (the anchor must be set before the alias): nowhere',
    ],
    ['plan.txt', '{ "id": }', 'JSON', `Unexpected token '}', "{ "id": }" is not valid JSON`],
  ])('is not valid: %s', async (name, text, format, parseError) => {
    const path = await file(name, text);
    expect((await failure(readPlan(path))).message).toBe(
      `Plan file ${JSON.stringify(path)} is not valid ${format}: ${parseError}`,
    );
  });

  it('does not exist', async () => {
    const path = join(cli.dir, 'missing.json');
    expect((await failure(validate(path, {}))).message).toBe(
      `Cannot read plan file ${JSON.stringify(path)}: ENOENT: no such file or directory, open '${path}'`,
    );
  });

  it('comes empty or malformed from standard input', async () => {
    expect((await failure(readPlan('-', stdin('')))).message).toBe(
      'Plan from standard input is empty',
    );
    expect((await failure(readPlan('-', stdin('[1, 2')))).message).toBe(
      "Plan from standard input is not valid JSON: Expected ',' or ']' after array element in JSON at position 5 (line 1 column 6)",
    );
    expect((await failure(readPlan('-', stdin('a: b: c')))).message).toBe(
      'Plan from standard input is not valid YAML: Nested mappings are not allowed in compact mappings at line 1, column 4',
    );
    const broken = () =>
      new Readable({
        read() {
          this.destroy(new Error('EIO: i/o error, read'));
        },
      });
    expect((await failure(readPlan('-', broken))).message).toBe(
      'Cannot read the plan from standard input: EIO: i/o error, read',
    );
  });

  it('reads past a byte order mark', async () => {
    const json = await readFile(threeTier, 'utf8');
    expect((await readPlan(await file('bom.json', `\uFEFF${json}`))).id).toBe('three-tier');
  });

  it('reports a groups or options file the same way', async () => {
    const groups = await file('groups.json', '[{ "id": "pg-a" ');
    expect((await failure(readGroups(groups))).message).toBe(
      `Groups file ${JSON.stringify(groups)} is not valid JSON: Expected ',' or '}' after property value in JSON at position 16 (line 1 column 17)`,
    );
    const options = await file('options.json', '');
    expect(await failure(asl({ options }))).toStrictEqual({
      message: `Options file ${JSON.stringify(options)} is empty`,
      code: 2,
      printed: `drs-waves: Options file ${JSON.stringify(options)} is empty`,
    });
  });

  it('still reports a parsed plan that is invalid as an invalid plan, exit 1', async () => {
    const path = await file('scalar.yaml', 'just words\n');
    const error = await validate(path, {}).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Invalid recovery plan (1 problem):\n- (root): Expected a recovery plan object, got "just words"',
    );
    expect(report(error)).toBe(1);
    const nullPlan = await file('null.yaml', 'null\n');
    await expect(validate(nullPlan, {})).rejects.toThrow(
      /^Invalid recovery plan \(1 problem\):\n- \(root\): Expected a recovery plan object, got null$/,
    );
  });
});
