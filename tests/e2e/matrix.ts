import type { TestInfo } from "@playwright/test";

/** One cell of the conformance matrix: a refresh design (lane) under one scenario. */
export type MatrixRow = {
  lane: string;
  scenario: string;
  passed: boolean;
  /** Did authenticated queries keep succeeding after the first token expired? */
  survivedExpiry: boolean;
  failedQueries: number;
  successfulQueries: number;
  tokenFetches: number;
  refreshes: number;
  /** Worst |measured - predicted| refresh moment, in ms; null when no refresh was measured. */
  maxRefreshErrorMs: number | null;
  note?: string;
};

export const MATRIX_ATTACHMENT = "auth-matrix-row";

/** Specs call this; the matrix reporter collects the rows. */
export async function recordMatrixRow(testInfo: TestInfo, row: MatrixRow) {
  await testInfo.attach(MATRIX_ATTACHMENT, {
    body: JSON.stringify(row),
    contentType: "application/json",
  });
}
