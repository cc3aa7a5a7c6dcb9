import { afterAll, beforeAll } from "vitest";
import type { LocalBackend, LocalBackendOptions } from "../server";
import {
  startFixtureBackend,
  startIssuer,
  type TestIssuer,
} from "../testing/fixture";

export * from "../testing/fixture";

/**
 * Starts an issuer and a fixture backend before this file's tests and stops
 * both after them. Read `issuer` and `backend` from the result inside tests.
 */
export function fixtureBackendForFile(
  options: Partial<LocalBackendOptions> = {},
) {
  const stack = {} as { issuer: TestIssuer; backend: LocalBackend };
  beforeAll(async () => {
    stack.issuer = await startIssuer();
    stack.backend = await startFixtureBackend(stack.issuer, options);
  });
  afterAll(async () => {
    await stack.backend?.close();
    await stack.issuer?.close();
  });
  return stack;
}
