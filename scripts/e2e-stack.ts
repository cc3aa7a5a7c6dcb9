/**
 * The stack the E2E suite runs against: the local Clerk stand-in (explicitly allowed
 * in a production build, short token lifetimes behind its stressLifetimes switch), the local Convex backend, and a
 * production build of the app (`next build` + `next start`) pointed at both through
 * environment variables only.
 *
 * - Data and stand-in files live in a fresh temporary folder per run, so a clean
 *   clone and a tenth run behave the same, and a backend restart keeps data.
 * - A loopback-only control port lets the fault tests stop and restart the backend
 *   process (its own `/_admin/*` controls cannot restart it).
 *
 * E2E_SKIP_BUILD=1 reuses an existing build; E2E_BUILD_ONLY=1 builds and exits.
 *
 * `--clerk` runs the opt-in real-Clerk stack instead: the app alone with real Clerk keys
 * (Clerk keys from the environment) against the Convex deployment in
 * E2E_CLERK_CONVEX_URL, built into its own folder.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { startClerkStandIn, type ClerkStandIn } from "../local-clerk/server";
import { startLocalBackend, type LocalBackend } from "../local-convex/server";
import { e2eEnv } from "../tests/e2e/env";
import { realClerkSetup } from "../tests/e2e/realClerk";

const runDir = mkdtempSync(path.join(os.tmpdir(), "classroom-e2e-"));

function startClerk(): Promise<ClerkStandIn> {
  return startClerkStandIn({
    port: e2eEnv.clerkPort,
    dataDir: path.join(runDir, "local-clerk"),
    adminKey: e2eEnv.adminKey,
    // 15 s tokens are shorter than real Clerk allows; the suite wants several refreshes per test.
    stressLifetimes: true,
    sessionTokenTtlSeconds: e2eEnv.tokenTtlSeconds,
    templateTtlSeconds: e2eEnv.tokenTtlSeconds,
    allowInProduction: true,
  });
}

function appEnvFor(clerk: ClerkStandIn): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...clerk.appEnv(),
    NODE_ENV: "production",
    NEXT_DIST_DIR: e2eEnv.distDir,
    NEXT_PUBLIC_CONVEX_URL: e2eEnv.backendUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_HARNESS_ENABLED: "true",
    NEXT_PUBLIC_AUTH_HARNESS: "true",
    LOCAL_BACKEND_ADMIN_KEY: e2eEnv.adminKey,
    LOCAL_CLERK_ADMIN_URL: clerk.url,
    LOCAL_CLERK_ADMIN_KEY: e2eEnv.adminKey,
    PORT: String(e2eEnv.appPort),
  };
  return env;
}

function nextBin() {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

function startBackend(issuer: string): Promise<LocalBackend> {
  return startLocalBackend({
    port: e2eEnv.backendPort,
    convexDir: path.join(process.cwd(), "convex"),
    env: { CLERK_JWT_ISSUER_DOMAIN: issuer },
    dataFile: path.join(runDir, "backend-data.json"),
    adminKey: e2eEnv.adminKey,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST /backend/stop, /backend/start, /backend/restart?downMs=N on loopback. */
function startControlServer(
  backend: { current: LocalBackend | null },
  issuer: string,
) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST") return reply(405, { error: "POST only" });
    const run = async () => {
      const action = url.pathname.replace(/^\/backend\//, "");
      if (action === "stop" || action === "restart") {
        await backend.current?.close();
        backend.current = null;
      }
      if (action === "restart") {
        await sleep(Number(url.searchParams.get("downMs") ?? 0));
      }
      if (action === "start" || action === "restart") {
        backend.current ??= await startBackend(issuer);
      }
      if (!["stop", "start", "restart"].includes(action)) {
        return reply(404, { error: `unknown action ${action}` });
      }
      console.log(`[e2e] backend ${action}: done`);
      reply(200, { running: backend.current !== null });
    };
    run().catch((error: unknown) => reply(500, { error: String(error) }));
  });
  server.listen(e2eEnv.controlPort, "127.0.0.1");
  return server;
}

function build(env: NodeJS.ProcessEnv) {
  if (process.env.E2E_SKIP_BUILD === "1") return;
  console.log(`[e2e] building the app into ${env.NEXT_DIST_DIR} (next build)…`);
  const result = spawnSync(nextBin(), ["build"], { env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`[e2e] next build failed with exit code ${result.status}`);
    process.exit(1);
  }
}

/** The opt-in stack: next start with real Clerk keys against a real Convex deployment. */
function mainClerk() {
  rmSync(runDir, { recursive: true, force: true });
  const setup = realClerkSetup();
  if (!setup.enabled) {
    console.error(`[e2e] real-Clerk stack: ${setup.reason}`);
    process.exit(1);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: `${e2eEnv.distDir}-clerk`,
    NEXT_PUBLIC_CONVEX_URL: setup.convexUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_HARNESS_ENABLED: "true",
    NEXT_PUBLIC_AUTH_HARNESS: "true",
    PORT: String(setup.appPort),
  };
  build(env);
  if (process.env.E2E_BUILD_ONLY === "1") return;
  const app = spawn(
    nextBin(),
    ["start", "-p", String(setup.appPort), "-H", "localhost"],
    { env, stdio: "inherit" },
  );
  app.on("exit", (code) => process.exit(code ?? 1));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => app.kill("SIGTERM"));
  }
}

async function main() {
  if (process.argv.includes("--clerk")) return mainClerk();
  // The build inlines the stand-in's browser-facing settings, so it starts first.
  const clerk = await startClerk();
  console.log(`[e2e] local Clerk stand-in at ${clerk.url}`);
  const appEnv = appEnvFor(clerk);
  build(appEnv);
  if (process.env.E2E_BUILD_ONLY === "1") {
    await clerk.close();
    rmSync(runDir, { recursive: true, force: true });
    return;
  }

  const backend = {
    current: (await startBackend(clerk.issuer)) as LocalBackend | null,
  };
  console.log(`[e2e] local Convex backend at ${e2eEnv.backendUrl}`);
  const control = startControlServer(backend, clerk.issuer);

  const app = spawn(
    nextBin(),
    ["start", "-p", String(e2eEnv.appPort), "-H", "localhost"],
    { env: appEnv, stdio: "inherit" },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    app.kill("SIGTERM");
    control.close();
    await backend.current?.close();
    await clerk.close();
    rmSync(runDir, { recursive: true, force: true });
    process.exit(code);
  };
  app.on("exit", (code) => void stop(code ?? 1));
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}

main().catch((error) => {
  console.error("[e2e] failed to start the stack:", error);
  process.exit(1);
});
