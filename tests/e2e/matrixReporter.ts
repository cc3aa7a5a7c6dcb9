import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type {
  FullConfig,
  Reporter,
  TestCase,
  TestResult,
} from "@playwright/test/reporter";
import { MATRIX_ATTACHMENT, type MatrixRow } from "./matrix";
import { REAL_CLERK_PROJECT, realClerkSetup } from "../../scripts/realClerkEnv";

/** Collects the rows the specs attach and writes the lane x scenario matrix. */
export default class MatrixReporter implements Reporter {
  private rows: MatrixRow[] = [];
  private realClerk = { run: false, reason: "" };
  private startedAt = Date.now();

  onBegin(config: FullConfig) {
    this.startedAt = Date.now();
    const setup = realClerkSetup();
    const defined = config.projects.some((p) => p.name === REAL_CLERK_PROJECT);
    this.realClerk = defined
      ? { run: true, reason: "" }
      : {
          run: false,
          reason: setup.enabled ? "project not selected" : setup.reason,
        };
  }

  onTestEnd(test: TestCase, result: TestResult) {
    const project = test.parent.project()?.name ?? "";
    for (const attachment of result.attachments) {
      if (attachment.name !== MATRIX_ATTACHMENT || !attachment.body) continue;
      const row = JSON.parse(attachment.body.toString("utf8")) as MatrixRow;
      // A row reports what was measured; the test's own outcome decides pass/fail.
      this.rows.push({
        ...row,
        lane:
          project && project !== "local"
            ? `${row.lane} [${project}]`
            : row.lane,
        passed: row.passed && result.status === "passed",
      });
    }
  }

  onEnd() {
    const realClerkLine = this.realClerk.run
      ? "real-Clerk matrix: run (rows marked [real-clerk])"
      : `real-Clerk matrix: not run (${this.realClerk.reason})`;
    const wallSeconds = Math.round((Date.now() - this.startedAt) / 1000);
    if (this.rows.length === 0) {
      console.log(`\n${realClerkLine}`);
      return;
    }
    const dir = path.join(process.cwd(), "test-results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "auth-matrix.json");
    writeFileSync(
      file,
      JSON.stringify(
        {
          generatedAt: new Date().toISOString(),
          wallSeconds,
          realClerk: this.realClerk,
          rows: this.rows,
        },
        null,
        2,
      ),
    );
    console.log(
      `\nAuth conformance matrix (${path.relative(process.cwd(), file)}):\n`,
    );
    console.log(formatMatrix(this.rows));
    console.log(`\n${realClerkLine}`);
    console.log(`Run time: ${wallSeconds} s (since the reporter started)`);
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
