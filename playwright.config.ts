import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { chromiumOfflineArgs, e2eEnv } from "./scripts/e2eEnv";
import { REAL_CLERK_PROJECT, realClerkSetup } from "./scripts/realClerkEnv";

/**
 * The end-to-end suite runs a production build of the app and the local Convex
 * backend with short token lifetimes, in Debian's Chromium, with no network.
 * The real-Clerk project exists only when its keys are set (scripts/realClerkEnv.ts).
 */
const realClerk = realClerkSetup();

const browserArgs = [...chromiumOfflineArgs, "--disable-default-apps"];

const webServers: NonNullable<PlaywrightTestConfig["webServer"]> = [
  {
    command: "npx tsx scripts/e2e-stack.ts",
    url: `${e2eEnv.appUrl}/sign-in`,
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
