import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import { MATRIX_ATTACHMENT, type MatrixRow } from "./matrix";

/** Collects the rows the specs attach and writes the lane x scenario matrix. */
export default class MatrixReporter implements Reporter {
  private rows: MatrixRow[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    for (const attachment of result.attachments) {
      if (attachment.name !== MATRIX_ATTACHMENT || !attachment.body) continue;
      const row = JSON.parse(attachment.body.toString("utf8")) as MatrixRow;
      // A row reports what was measured; the test's own outcome decides pass/fail.
      this.rows.push({
        ...row,
        passed: row.passed && result.status === "passed",
      });
    }
  }

  onEnd() {
    if (this.rows.length === 0) return;
    const dir = path.join(process.cwd(), "test-results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "auth-matrix.json");
    writeFileSync(
      file,
      JSON.stringify(
        { generatedAt: new Date().toISOString(), rows: this.rows },
        null,
        2,
      ),
    );
    console.log(
      `\nAuth conformance matrix (${path.relative(process.cwd(), file)}):\n`,
    );
    console.log(formatMatrix(this.rows));
  }
}

export function formatMatrix(rows: MatrixRow[]): string {
  const header =
    "| lane | scenario | result | survives expiry | failed queries | ok queries | token fetches | refreshes | max refresh error | note |";
  const divider = "|---|---|---|---|---|---|---|---|---|---|";
  const lines = rows.map((row) =>
    [
      row.lane,
      row.scenario,
      row.passed ? "pass" : "FAIL",
      row.survivedExpiry ? "yes" : "no",
      row.failedQueries,
      row.successfulQueries,
      row.tokenFetches,
      row.refreshes,
      row.maxRefreshErrorMs === null
        ? "n/a"
        : `${Math.round(row.maxRefreshErrorMs)} ms`,
      row.note ?? "",
    ].join(" | "),
  );
  return [header, divider, ...lines.map((line) => `| ${line} |`)].join("\n");
}
