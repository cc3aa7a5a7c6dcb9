import { defineConfig } from "@playwright/test";
import { appUrl, envFileName, ports } from "./e2e/support/stack";

const kit = "npm --prefix ../../.. run kit --";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global.setup.ts",
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  // A page's first visit compiles it in next dev: allow for that on 2 cores.
  expect: { timeout: 30_000 },
  reporter: "list",
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
    },
  },
  webServer: [
    {
      // First the stand-ins: the control endpoint answers once the env is written.
      command: `${kit} start --app . --env-file ${envFileName} --clerk-port ${ports.clerk} --convex-port ${ports.convex} --control-port ${ports.control}`,
      url: `http://127.0.0.1:${ports.control}/`,
      reuseExistingServer: !process.env.CI,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      timeout: 60_000,
    },
    {
      // Then the app, which reads that env file when it starts.
      // next dev with Turbopack: the shortest run here (see the README).
      command: `npx next dev --turbopack -p ${ports.app}`,
      url: appUrl,
      env: { NEXT_TELEMETRY_DISABLED: "1" },
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
  ],
});
