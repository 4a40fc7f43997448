import type { AslChoiceRule, AslState, StateMachineDefinition } from './types';

/**
 * Renders a definition as a Mermaid flowchart: one node per state (shaped by type), one edge per
 * transition (`Next`, `Default`, Choice rules, Catch), and the Distributed Map's child
 * execution as a subgraph. The docs' diagram is generated with it and kept in sync by a test.
 *
 * @example
 * ```ts
 * import { buildPollingStateMachine, stateMachineToMermaid } from 'drs-waves';
 *
 * const diagram = stateMachineToMermaid(buildPollingStateMachine({ lambdaArn: 'router' }));
 * console.log('```mermaid\n' + diagram + '```');
 * ```
 */
export function stateMachineToMermaid(definition: StateMachineDefinition): string {
  const lines = ['flowchart TD', `  start((start)) --> ${id(definition.StartAt)}`];
  render(definition.States, lines, '  ');
  return `${lines.join('\n')}\n`;
}

const id = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');

function node(name: string, state: AslState): string {
  const label = name;
  switch (state.Type) {
    case 'Choice':
      return `${id(name)}{${label}}`;
    case 'Wait':
      return `${id(name)}([${label}: ${state.Seconds === undefined ? state.SecondsPath : `${state.Seconds} s`}])`;
    case 'Succeed':
      return `${id(name)}(((${label})))`;
    case 'Fail':
      return `${id(name)}[/${label}/]`;
    case 'Pass':
      return `${id(name)}[${label}]`;
    case 'Map':
      return `${id(name)}[[${label}]]`;
    default:
      return `${id(name)}[${label}: ${state.Resource.replace('arn:aws:states:::', '')}]`;
  }
}

function render(states: Readonly<Record<string, AslState>>, lines: string[], indent: string): void {
  for (const [name, state] of Object.entries(states)) {
    lines.push(`${indent}${node(name, state)}`);
    if (state.Type === 'Map') {
      lines.push(`${indent}subgraph ${id(name)}_each [each wave: a child execution]`);
      lines.push(`${indent}  ${id(name)}_start((wave)) --> ${id(state.ItemProcessor.StartAt)}`);
      render(state.ItemProcessor.States, lines, `${indent}  `);
      lines.push(`${indent}end`);
      lines.push(`${indent}${id(name)} -.-> ${id(name)}_start`);
    }
    if (state.Type === 'Choice') {
      for (const rule of state.Choices) {
        if (rule.Next)
          lines.push(`${indent}${id(name)} -->|${describeRule(rule)}| ${id(rule.Next)}`);
      }
      lines.push(`${indent}${id(name)} -->|otherwise| ${id(state.Default)}`);
    }
    if ('Catch' in state && state.Catch) {
      for (const c of state.Catch)
        lines.push(`${indent}${id(name)} -.->|${c.ErrorEquals.join(', ')}| ${id(c.Next)}`);
    }
    if (state.Next) lines.push(`${indent}${id(name)} --> ${id(state.Next)}`);
  }
}

function describeRule(rule: AslChoiceRule): string {
  const v = (rule.Variable ?? '').replace(/^\$\./, '');
  const path = (p: string) => p.replace(/^\$\./, '');
  if (rule.Or) return 'approval required';
  if (rule.Not) return `not ${describeRule(rule.Not)}`;
  if (rule.StringEquals !== undefined) return `${v} = ${rule.StringEquals}`;
  if (rule.BooleanEquals !== undefined) return `${v} = ${rule.BooleanEquals}`;
  if (rule.NumericLessThanPath) return `${v} < ${path(rule.NumericLessThanPath)}`;
  if (rule.NumericGreaterThanEqualsPath)
    return `${v} >= ${path(rule.NumericGreaterThanEqualsPath)}`;
  if (rule.NumericEqualsPath) return `${v} = ${path(rule.NumericEqualsPath)}`;
  return v;
}
