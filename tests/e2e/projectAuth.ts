import type { Page, TestInfo } from "@playwright/test";
import { e2eEnv } from "../../scripts/e2eEnv";
import { signIn, uniqueUser } from "./signIn";
import { REAL_CLERK_PROJECT, realClerkSetup } from "../../scripts/realClerkEnv";
import { signInWithClerk } from "./realClerk";

/**
 * Signs the page's context in the way the running project does: the local Clerk
 * stand-in (a fresh user per test) or real Clerk. Returns the Convex `subject` and
 * the token lifetime the run uses.
 */
export async function signInForProject(
  page: Page,
  testInfo: TestInfo,
): Promise<{ subject: string; lifetimeSeconds: number }> {
  if (testInfo.project.name === REAL_CLERK_PROJECT) {
    const setup = realClerkSetup();
    const subject = await signInWithClerk(page);
    return {
      subject,
      lifetimeSeconds: setup.enabled ? setup.tokenLifetimeSeconds : 60,
    };
  }
  const { userId } = await signIn(page, uniqueUser("matrix"), "/");
  return {
    subject: userId,
    lifetimeSeconds: e2eEnv.tokenTtlSeconds,
  };
}
