import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import {
  CLERK_SECRET_KEY_VAR,
  chromiumOfflineArgs,
  e2eEnv,
  shareClerkSecretKey,
} from "./scripts/e2eEnv";
import { REAL_CLERK_PROJECT, realClerkSetup } from "./scripts/realClerkEnv";

/**
 * The end-to-end suite runs a production build of the app and the local Convex
 * backend with short token lifetimes, in Debian's Chromium, with no network.
 * The real-Clerk project exists only when its keys are set (scripts/realClerkEnv.ts).
 */
const realClerk = realClerkSetup();

/**
 * The Clerk stand-in's Backend API key for this run. Made here, once (the workers
 * load this file again but inherit the runner's env, so they keep it): the stack
 * pins its stand-in to it and the specs use it to mint sign-in tokens.
 */
const clerkSecretKey = shareClerkSecretKey();

const browserArgs = [...chromiumOfflineArgs, "--disable-default-apps"];

const webServers: NonNullable<PlaywrightTestConfig["webServer"]> = [
  {
    command: "npx tsx scripts/e2e-stack.ts",
    url: `${e2eEnv.appUrl}/sign-in`,
    env: { [CLERK_SECRET_KEY_VAR]: clerkSecretKey },
    timeout: 420_000,
    // SIGTERM first, so the stack stops next and removes its temporary folder.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
];
if (realClerk.enabled) {
  webServers.push({
    command: "npx tsx scripts/e2e-stack.ts --clerk",
    url: `${realClerk.appUrl}/sign-in`,
    timeout: 420_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  });
}

export default defineConfig({
  // The classroom's specs and the harness's own matrix spec.
  testDir: ".",
  testMatch: ["tests/e2e/**/*.spec.ts", "harness/tests/e2e/**/*.spec.ts"],
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["./tests/e2e/matrixReporter.ts"]],
  use: {
    baseURL: e2eEnv.appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: e2eEnv.chromiumPath,
      args: browserArgs,
    },
  },
  projects: [
    { name: "local" },
    ...(realClerk.enabled
      ? [
          {
            name: REAL_CLERK_PROJECT,
            testMatch: /harness\/tests\/e2e\/matrix\.spec\.ts$/,
            use: { baseURL: realClerk.appUrl },
          },
        ]
      : []),
  ],
  webServer: webServers,
});
