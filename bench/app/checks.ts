/**
 * Every figure the benchmark prints has a stated expectation; a figure outside it is
 * a FAIL and the run exits non-zero. Pure, so the rules are unit tested.
 */
import type { Table } from "./table";

export type Check = {
  /** The figure, as named in the tables. */
  figure: string;
  /** What it should be, in words. */
  expectation: string;
  /** What was measured, formatted. */
  measured: string;
  pass: boolean;
};

export function check(
  figure: string,
  expectation: string,
  measured: string,
  pass: boolean,
): Check {
  return { figure, expectation, measured, pass };
}

/** `lo <= value <= hi`; a missing value is never in the band. */
export function inBand(value: number | null, lo: number, hi: number): boolean {
  return value !== null && Number.isFinite(value) && value >= lo && value <= hi;
}

export function atMost(value: number | null, limit: number): boolean {
  return value !== null && Number.isFinite(value) && value <= limit;
}

export function atLeast(value: number | null, limit: number): boolean {
  return value !== null && Number.isFinite(value) && value >= limit;
}

export function failedChecks(checks: readonly Check[]): Check[] {
  return checks.filter((c) => !c.pass);
}

export function checksTable(checks: readonly Check[]): Table {
  const failed = failedChecks(checks).length;
  return {
    title: `Checks (${checks.length - failed} PASS, ${failed} FAIL)`,
    headers: ["Result", "Figure", "Expectation", "Measured"],
    rows: checks.map((c) => [
      c.pass ? "PASS" : "FAIL",
      c.figure,
      c.expectation,
      c.measured,
    ]),
    notes: [
      "A FAIL makes `npm run bench` exit with status 1 after writing the report.",
    ],
  };
}
