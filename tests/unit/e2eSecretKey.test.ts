/**
 * How the E2E run shares the Clerk stand-in's secret key: the Playwright config
 * makes it and hands it to the stack's web server env (workers inherit the
 * runner's env), the stack pins its stand-in to it, the app gets it through
 * appEnv(), and the specs' Backend API calls use it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { secretKeyProblem } from "../../local-clerk/keys";
import { startClerkStandIn } from "../../local-clerk/server";
import { e2eClerkOptions } from "../../scripts/e2eClerk";
import {
  CLERK_SECRET_KEY_VAR,
  clerkSecretKey,
  shareClerkSecretKey,
} from "../../scripts/e2eEnv";

describe("the E2E run's Clerk secret key", () => {
  const saved = process.env[CLERK_SECRET_KEY_VAR];
  let runDir: string | undefined;
  afterEach(() => {
    if (saved === undefined) delete process.env[CLERK_SECRET_KEY_VAR];
    else process.env[CLERK_SECRET_KEY_VAR] = saved;
    if (runDir) rmSync(runDir, { recursive: true, force: true });
    runDir = undefined;
  });

  it("is made once, kept by every later load, and never replaces one already set", () => {
    const env: Record<string, string | undefined> = {};
    const made = shareClerkSecretKey(env);
    expect(secretKeyProblem(made)).toBeNull();
    expect(env[CLERK_SECRET_KEY_VAR]).toBe(made);
    // A worker loading the config again sees the runner's key in its env.
    expect(shareClerkSecretKey({ ...env })).toBe(made);
    expect(shareClerkSecretKey({})).not.toBe(made);
    const preset = "sk_test_set-by-hand-0123456789";
    expect(shareClerkSecretKey({ [CLERK_SECRET_KEY_VAR]: preset })).toBe(
      preset,
    );
  });

  it("is required by the specs, with a sentence when the run shared none", () => {
    expect(() => clerkSecretKey({})).toThrow(
      /E2E_CLERK_SECRET_KEY is not set.*through Playwright/,
    );
    expect(clerkSecretKey({ [CLERK_SECRET_KEY_VAR]: "sk_test_x" })).toBe(
      "sk_test_x",
    );
  });

  it("is set by the Playwright config and passed to the stack's web server", async () => {
    delete process.env[CLERK_SECRET_KEY_VAR];
    const { default: config } = await import("../../playwright.config");
    const key = process.env[CLERK_SECRET_KEY_VAR];
    expect(secretKeyProblem(key)).toBeNull();
    const servers = [config.webServer].flat();
    const stack = servers.find((s) => s?.command.endsWith("e2e-stack.ts"));
    expect(stack?.env?.[CLERK_SECRET_KEY_VAR]).toBe(key);
  });

  it("pins the stack's stand-in, whose app env and Backend API use it", async () => {
    const env = { [CLERK_SECRET_KEY_VAR]: shareClerkSecretKey({}) };
    runDir = mkdtempSync(path.join(tmpdir(), "e2e-key-"));
    const options = e2eClerkOptions(runDir, env);
    expect(options.secretKey).toBe(env[CLERK_SECRET_KEY_VAR]);
    expect(e2eClerkOptions(runDir, {}).secretKey).toBeUndefined();

    // Port 0: the suite's fixed ports belong to a running stack.
    for (let start = 0; start < 2; start += 1) {
      const standIn = await startClerkStandIn({ ...options, port: 0 });
      try {
        expect(standIn.appEnv().CLERK_SECRET_KEY).toBe(clerkSecretKey(env));
        // What tests/e2e/signIn.ts does to sign a user in.
        const res = await fetch(`${standIn.url}/bapi/v1/sign_in_tokens`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${clerkSecretKey(env)}`,
          },
          body: JSON.stringify({
            user_id: "user_teacher",
            expires_in_seconds: 300,
          }),
        });
        expect(res.status).toBe(200);
      } finally {
        await standIn.close();
      }
    }
  });
});
