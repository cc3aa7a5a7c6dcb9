import { afterAll, beforeAll } from "vitest";
import type { LocalConvex, LocalConvexOptions } from "../server";
import {
  startFixtureConvex,
  startIssuer,
  type TestIssuer,
} from "../testing/fixture";

export * from "../testing/fixture";

/**
 * Starts an issuer and a fixture Convex stand-in before this file's tests and stops
 * both after them. Read `issuer` and `convex` from the result inside tests.
 */
export function fixtureConvexForFile(
  options: Partial<LocalConvexOptions> = {},
) {
  const stack = {} as { issuer: TestIssuer; convex: LocalConvex };
  beforeAll(async () => {
    stack.issuer = await startIssuer();
    stack.convex = await startFixtureConvex(stack.issuer, options);
  });
  afterAll(async () => {
    await stack.convex?.close();
    await stack.issuer?.close();
  });
  return stack;
}
