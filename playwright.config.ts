import { defineConfig } from "@playwright/test";
import { e2eEnv } from "./tests/e2e/env";

/**
 * The end-to-end suite runs a production build of the app and the local Convex
 * backend with short token lifetimes, in Debian's Chromium, with no network.
 */
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["./tests/e2e/matrixReporter.ts"]],
  use: {
    baseURL: e2eEnv.appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: e2eEnv.chromiumPath,
      // Keep the browser off the network: this machine reaches only loopback.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
      ],
    },
  },
  webServer: {
    command: "npx tsx scripts/e2e-stack.ts",
    url: `${e2eEnv.appUrl}/sign-in`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
