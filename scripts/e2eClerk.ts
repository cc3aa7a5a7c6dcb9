/**
 * How the E2E stack starts the Clerk stand-in: in the run's folder, allowed in
 * a production build, short token lifetimes behind stressLifetimes, and pinned
 * to the secret key the Playwright run shares (see `shareClerkSecretKey`).
 */
import path from "node:path";
import type { ClerkStandInOptions } from "../local-clerk/server";
import { CLERK_SECRET_KEY_VAR, e2eEnv } from "./e2eEnv";

export function e2eClerkOptions(
  runDir: string,
  env: Record<string, string | undefined> = process.env,
): ClerkStandInOptions {
  const secretKey = env[CLERK_SECRET_KEY_VAR];
  return {
    port: e2eEnv.clerkPort,
    dataDir: path.join(runDir, "local-clerk"),
    adminKey: e2eEnv.adminKey,
    // 15 s tokens are shorter than real Clerk allows; the suite wants several refreshes per test.
    stressLifetimes: true,
    sessionTokenTtlSeconds: e2eEnv.tokenTtlSeconds,
    templateTtlSeconds: e2eEnv.tokenTtlSeconds,
    allowInProduction: true,
    // Absent (the stack started by hand): the run folder's own key, which no spec knows.
    ...(secretKey ? { secretKey } : {}),
  };
}
