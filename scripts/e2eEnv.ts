/** Settings shared by the E2E stack script, the Playwright config, the specs and the benchmark. */
import { newSecretKey } from "../local-clerk/keys";

const appPort = Number(process.env.E2E_APP_PORT ?? 3500);
const backendPort = Number(process.env.E2E_BACKEND_PORT ?? 3510);
const controlPort = Number(process.env.E2E_CONTROL_PORT ?? 3511);
const clerkPort = Number(process.env.E2E_CLERK_PORT ?? 3512);

export const e2eEnv = {
  appPort,
  backendPort,
  controlPort,
  clerkPort,
  // localhost, not 127.0.0.1: Next rewrites the host of Clerk's handshake redirects to localhost.
  appUrl: `http://localhost:${appPort}`,
  backendUrl: `http://127.0.0.1:${backendPort}`,
  /** The stack script's loopback control (stop/start/restart the backend). */
  controlUrl: `http://127.0.0.1:${controlPort}`,
  /** The local Clerk stand-in (FAPI, BAPI under /bapi, test controls under /_admin). */
  clerkUrl: `http://127.0.0.1:${clerkPort}`,
  /**
   * Above the Convex client's 10 s leeway, short enough to see several refreshes per test.
   * Real Clerk's session tokens live 60 s, so the stack starts the stand-in with stressLifetimes.
   */
  tokenTtlSeconds: Number(process.env.E2E_TOKEN_TTL_SECONDS ?? 15),
  adminKey: process.env.E2E_ADMIN_KEY ?? "e2e-admin-key",
  chromiumPath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  distDir: process.env.E2E_DIST_DIR ?? ".next-e2e",
};

/**
 * Chromium switches for runs with no network and several pages open at once.
 * Background pages must keep their timers: the two-tab test and the benchmark's
 * parallel harness pages run side by side.
 */
export const chromiumOfflineArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
];

/**
 * How a Playwright run hands the Clerk stand-in's Backend API key to the stack it
 * starts (which pins the stand-in to it) and to its workers (the specs that mint
 * sign-in tokens): both are child processes of the runner and inherit its env.
 */
export const CLERK_SECRET_KEY_VAR = "E2E_CLERK_SECRET_KEY";

/** Makes the run's key unless one was set already (a parent process or by hand). */
export function shareClerkSecretKey(
  env: Record<string, string | undefined> = process.env,
) {
  if (!env[CLERK_SECRET_KEY_VAR]) env[CLERK_SECRET_KEY_VAR] = newSecretKey();
  return env[CLERK_SECRET_KEY_VAR];
}

/** The run's key as the specs read it; a sentence when the run shared none. */
export function clerkSecretKey(
  env: Record<string, string | undefined> = process.env,
) {
  const key = env[CLERK_SECRET_KEY_VAR];
  if (!key)
    throw new Error(
      `${CLERK_SECRET_KEY_VAR} is not set, so the specs cannot call the Clerk stand-in's Backend API. Run the suite through Playwright (npm run test:e2e or npx playwright test): its config makes the key and hands it to the stack and the specs.`,
    );
  return key;
}
