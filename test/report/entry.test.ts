import { describe, expect, it } from 'vitest';
import * as report from '../../src/report/index';
import * as testing from '../../src/testing/index';
import { smallReport } from '../testing/reportFixtures';

describe('drs-waves/report', () => {
  it('renders a report with the same functions drs-waves/testing re-exports', () => {
    expect(report.renderDrillReportMarkdown).toBe(testing.renderDrillReportMarkdown);
    expect(report.renderDrillReportHtml).toBe(testing.renderDrillReportHtml);
    expect(report.formatDuration).toBe(testing.formatDuration);
    const md = report.renderDrillReportMarkdown(smallReport);
    expect(md).toContain(smallReport.executionId);
    expect(report.renderDrillReportHtml(smallReport)).toMatch(/^<!DOCTYPE html>/i);
  });
});
