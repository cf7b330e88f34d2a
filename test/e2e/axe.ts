/**
 * axe-core on a live page, shared by the e2e files: `expectNoAxeViolations(page)` runs the
 * WCAG 2.0/2.1 A and AA rules plus axe's best practices and fails with one line per violation
 * (rule, the elements it found, its summary), so a failure says what to fix without a rerun.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The rule tags every page of the project is held to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

/** One violation, flattened for a failure message. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
  summaries: string[];
}

/**
 * Run axe on `page` (the whole document, or only `context.include` selectors, minus
 * `context.exclude`) and return what it found, flattened.
 */
export async function axeFindings(
  page: Page,
  context: { include?: string[]; exclude?: string[] } = {},
): Promise<AxeFinding[]> {
  // @axe-core/playwright types its page as playwright's; playwright-core's is the same class.
  let builder = new AxeBuilder({ page: page as never }).withTags([...AXE_TAGS]);
  for (const selector of context.include ?? []) builder = builder.include(selector);
  for (const selector of context.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    summaries: violation.nodes.map((node) => (node.failureSummary ?? '').replace(/\s+/g, ' ')),
  }));
}

/** The findings as readable lines: rule, impact, help, then each target with its summary. */
export function describeFindings(findings: readonly AxeFinding[]): string {
  return findings
    .map((finding) => {
      const nodes = finding.targets.map(
        (target, index) => `    ${target}: ${finding.summaries[index] ?? ''}`,
      );
      return [`${finding.rule} (${finding.impact}): ${finding.help}`, ...nodes].join('\n');
    })
    .join('\n');
}

/**
 * Fail the running test when axe finds any violation on `page`; the message lists each rule,
 * its targets and axe's summary of how to fix them. `label` names the page state in the message.
 */
export async function expectNoAxeViolations(
  page: Page,
  context: { include?: string[]; exclude?: string[]; label?: string } = {},
): Promise<void> {
  const findings = await axeFindings(page, context);
  const where = context.label === undefined ? '' : ` (${context.label})`;
  expect(findings.length, `axe violations${where}:\n${describeFindings(findings)}`).toBe(0);
}
