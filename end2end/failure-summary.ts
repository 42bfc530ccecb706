import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Writes what failed, briefly, to `test-results/failures.txt`: each failed
 * test's project, place and title, then the first lines of its error.
 *
 * CI keeps only the tail of a run's output, and the list reporter prints a
 * failure's message far above it (a long browser-errors list pushed it out
 * of sight twice). The Makefile prints this file last, after the server log.
 * It ends with one line per failed test, so that even a short tail names
 * every failure.
 */
const LINES_PER_FAILURE = 15;
const OUTPUT = 'test-results/failures.txt';

// Playwright's messages carry terminal colours; the file is read as text.
const ANSI = /\u001b\[[0-9;]*m/g;

class FailureSummary implements Reporter {
  private readonly failures: string[] = [];
  private readonly titles: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === test.expectedStatus || result.status === 'skipped') return;
    const project = test.parent.project()?.name ?? '';
    const where = `${test.location.file.replace(/^.*\/tests\//, 'tests/')}:${test.location.line}`;
    const title = `[${project}] ${where} › ${test.titlePath().slice(3).join(' › ')} (${result.status})`;
    this.titles.push(`  ${title}`);
    const lines = [title];
    for (const error of result.errors) {
      const text = (error.message ?? error.value ?? '').replace(ANSI, '').split('\n');
      lines.push(...text.slice(0, LINES_PER_FAILURE).map((line) => `    ${line}`));
    }
    this.failures.push(lines.join('\n'));
  }

  onEnd(_result: FullResult): void {
    if (this.failures.length === 0) return;
    mkdirSync(dirname(OUTPUT), { recursive: true });
    const count = `${this.failures.length} failed`;
    writeFileSync(OUTPUT, `${count}\n\n${this.failures.join('\n\n')}\n\n${count}:\n${this.titles.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

export default FailureSummary;
