import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPollingStateMachine, stateMachineToMermaid } from '../src/index';

const root = join(import.meta.dirname, '..');
const docs = join(root, 'docs');

describe('docs', () => {
  it('shows the diagram of the current default definition', () => {
    const file = join(docs, 'state-machine.md');
    const text = readFileSync(file, 'utf8');
    const diagram = stateMachineToMermaid(buildPollingStateMachine({ lambdaArn: 'router' }));
    const block = `<!-- mermaid:start -->\n\`\`\`mermaid\n${diagram}\`\`\`\n<!-- mermaid:end -->`;
    const current = text.replace(/<!-- mermaid:start -->[\s\S]*<!-- mermaid:end -->/, block);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(file, current);
    expect(text).toBe(current);
    expect(diagram).toContain('RunStage_each');
    expect(diagram).toContain('CheckWaveStatus');
  });

  it('links only to files that exist', () => {
    const pages = [
      join(root, 'README.md'),
      ...readdirSync(docs)
        .filter((f) => f.endsWith('.md'))
        .map((f) => join(docs, f)),
    ];
    for (const page of pages) {
      for (const [, target] of readFileSync(page, 'utf8').matchAll(
        /\]\(([^)#\s]+)(?:#[^)]*)?\)/g,
      )) {
        if (!target || /^[a-z]+:/.test(target)) continue;
        expect(existsSync(resolve(dirname(page), target)), `${page} links to ${target}`).toBe(true);
      }
    }
  });
});
