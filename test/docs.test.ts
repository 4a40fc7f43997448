import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_STAGE_BYTES } from '../src/asl/estimateExecutionBudget';
import {
  buildPollingStateMachine,
  estimateExecutionBudget,
  isExecutionBudgetExceededError,
  MAX_WAVE_ATTEMPTS,
  parseRecoveryPlan,
  stateMachineToMermaid,
} from '../src/index';

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

  it("states the limit on a plan's recorded stages as the code sets it", () => {
    const text = readFileSync(join(docs, 'limits.md'), 'utf8');
    expect(text).toContain(
      `more than ${MAX_RECORDED_STAGE_BYTES.toLocaleString('en-US')} bytes is refused`,
    );
  });

  it('gives the budget of its sample plan as estimateExecutionBudget computes it', () => {
    const file = join(docs, 'limits.md');
    const text = readFileSync(file, 'utf8');
    const plan = parseRecoveryPlan({
      id: 'big',
      waves: Array.from({ length: 100 }, (_, i) => ({
        id: `w${i}`,
        protectionGroups: [`pg-${i}`],
        timeoutSeconds: 12 * 3600,
      })),
    });
    const budget = estimateExecutionBudget(plan, { pollIntervalSeconds: 30 });
    const n = (value: number) => value.toLocaleString('en-US');
    // The longest wave timeout whose history stays within the limit (notifications on).
    const longest = (options: Parameters<typeof estimateExecutionBudget>[1]) => {
      const fits = (seconds: number) => {
        const waves = [{ id: 'w', servers: ['s-00000000000000001'], timeoutSeconds: seconds }];
        try {
          estimateExecutionBudget(parseRecoveryPlan({ id: 'one', waves }), {
            ...options,
            notificationTopicArn: 'arn:aws:sns:us-east-1:123456789012:t',
          });
          return true;
        } catch (error) {
          if (isExecutionBudgetExceededError(error)) return false;
          throw error;
        }
      };
      // Whole minutes: the largest that fits.
      let low = 1;
      let high = 365 * 24 * 60;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (fits(mid * 60)) low = mid;
        else high = mid - 1;
      }
      return low * 60;
    };
    const hours = (seconds: number) => `${n(seconds)} s (${(seconds / 3600).toFixed(1)} h)`;
    const polled = longest({ pollIntervalSeconds: 30 });
    const evented = longest({ completion: 'events', safetyNetPollSeconds: 300 });
    const table = [
      '| figure | value |',
      '| --- | ---: |',
      `| largest history of one execution (a wave) | ${n(budget.largestHistoryEvents)} events of 25,000 |`,
      `| history of the parent execution | ${n(budget.parent.historyEvents)} events |`,
      `| state transitions, all executions | ${n(budget.totalStateTransitions)} (about $${budget.totalCostUsd.toFixed(2)}) |`,
      `| router invocations | ${n(budget.totalLambdaInvocations)} |`,
      `| largest state payload (the parent, with one stage loaded) | ${n(budget.largestPayloadBytes)} bytes |`,
      `| longest wave timeout within the history limit, polled every 30 s (notifications on) | ${hours(polled)} |`,
      `| the same with event-driven completion, 300-s safety net | ${hours(evented)} |`,
      '',
    ].join('\n');
    const block = `<!-- budget:start -->\n${table}<!-- budget:end -->`;
    const current = text.replace(/<!-- budget:start -->[\s\S]*<!-- budget:end -->/, block);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(file, current);
    expect(text).toBe(current);
    expect(text).toContain(`${n(budget.largestHistoryEvents)} events of 25,000`);
  });

  it('gives what each wave action adds to its history as estimateExecutionBudget counts it', () => {
    const file = join(docs, 'state-machine.md');
    const text = readFileSync(file, 'utf8');
    const n = (value: number) => value.toLocaleString('en-US');
    const FN = 'arn:aws:lambda:us-east-1:123456789012:function:drs-waves-action-drain';
    // One wave, 1 hour, polled every 30 s; router retries left out (retryRate 0).
    const events = (before?: unknown[]) =>
      estimateExecutionBudget(
        parseRecoveryPlan({
          id: 'one',
          waves: [
            {
              id: 'w',
              servers: ['s-00000000000000001'],
              timeoutSeconds: 3600,
              ...(before === undefined ? {} : { before }),
            },
          ],
        }),
        { pollIntervalSeconds: 30, retryRate: 0 },
      ).largestHistoryEvents;
    const plain = events();
    const rows: [string, unknown[]][] = [
      ['one `wait`', [{ type: 'wait', seconds: 60 }]],
      ['one `lambda`', [{ type: 'lambda', functionArn: FN }]],
      ['one `approval`', [{ type: 'approval' }]],
      [
        'one `ssmAutomation`, 15-minute timeout',
        [{ type: 'ssmAutomation', documentName: 'Doc', timeoutSeconds: 900 }],
      ],
      [
        'one `ssmAutomation`, 1-hour timeout',
        [{ type: 'ssmAutomation', documentName: 'Doc', timeoutSeconds: 3600 }],
      ],
      [
        'two `wait` actions',
        [
          { type: 'wait', seconds: 60 },
          { type: 'wait', seconds: 60 },
        ],
      ],
    ];
    const table = [
      `| a wave's actions before its launch (a 1-hour wave polled every 30 s: ${n(plain)} events without actions) | events added |`,
      '| --- | ---: |',
      ...rows.map(([what, before]) => `| ${what} | ${n(events(before) - plain)} |`),
      '',
    ].join('\n');
    const block = `<!-- action-costs:start -->\n${table}<!-- action-costs:end -->`;
    const current = text.replace(
      /<!-- action-costs:start -->[\s\S]*<!-- action-costs:end -->/,
      block,
    );
    if (process.env.UPDATE_DOCS === '1') writeFileSync(file, current);
    expect(text).toBe(current);
    expect(text).toContain(block);
  });

  it('gives what failure decisions add to a wave history as estimateExecutionBudget counts it', () => {
    const file = join(docs, 'state-machine.md');
    const text = readFileSync(file, 'utf8');
    const n = (value: number) => value.toLocaleString('en-US');
    // One wave polled every 30 s; router retries left out (retryRate 0).
    const events = (timeoutSeconds: number, onWaveFailure: 'ABORT' | 'DECIDE') =>
      estimateExecutionBudget(
        parseRecoveryPlan({
          id: 'one',
          onWaveFailure,
          waves: [{ id: 'w', servers: ['s-00000000000000001'], timeoutSeconds }],
        }),
        { pollIntervalSeconds: 30, retryRate: 0 },
      ).largestHistoryEvents;
    const rows = [900, 3600, 4 * 3600].map((timeout) => {
      const abort = events(timeout, 'ABORT');
      const decide = events(timeout, 'DECIDE');
      return `| ${timeout / 60} min | ${n(abort)} | ${n(decide)} | ${n(decide - abort)} |`;
    });
    const table = [
      `| wave timeout (polled every 30 s) | events, \`ABORT\` | events, \`DECIDE\` (${MAX_WAVE_ATTEMPTS} attempts) | added |`,
      '| --- | ---: | ---: | ---: |',
      ...rows,
      '',
    ].join('\n');
    const block = `<!-- decision-costs:start -->\n${table}<!-- decision-costs:end -->`;
    const current = text.replace(
      /<!-- decision-costs:start -->[\s\S]*<!-- decision-costs:end -->/,
      block,
    );
    if (process.env.UPDATE_DOCS === '1') writeFileSync(file, current);
    expect(text).toBe(current);
    expect(text).toContain(block);
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
