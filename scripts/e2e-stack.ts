/**
 * The stack the E2E suite runs against: the local Convex backend (in memory) and a
 * production build of the app (`next build` + `next start`) with the local identity
 * provider explicitly allowed and short token lifetimes.
 *
 * Set E2E_SKIP_BUILD=1 to reuse an existing build in .next-e2e/.
 */
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { startLocalBackend } from "../local-backend/server";
import { e2eEnv } from "../tests/e2e/env";

const issuer = `${e2eEnv.appUrl}/api/local-auth`;

const appEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_DIST_DIR: e2eEnv.distDir,
  NEXT_PUBLIC_CONVEX_URL: e2eEnv.backendUrl,
  NEXT_TELEMETRY_DISABLED: "1",
  LOCAL_AUTH_ISSUER: issuer,
  LOCAL_AUTH_ALLOW_IN_PRODUCTION: "true",
  LOCAL_AUTH_TOKEN_TTL_SECONDS: String(e2eEnv.tokenTtlSeconds),
  LOCAL_AUTH_DIR: ".local-auth/e2e",
  AUTH_HARNESS_ENABLED: "true",
  NEXT_PUBLIC_AUTH_HARNESS: "true",
  LOCAL_BACKEND_ADMIN_KEY: e2eEnv.adminKey,
  PORT: String(e2eEnv.appPort),
};

function nextBin() {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

async function main() {
  if (process.env.E2E_SKIP_BUILD !== "1") {
    console.log("[e2e] building the app (next build)…");
    const build = spawnSync(nextBin(), ["build"], {
      env: appEnv,
      stdio: "inherit",
    });
    if (build.status !== 0) {
      console.error(`[e2e] next build failed with exit code ${build.status}`);
      process.exit(1);
    }
  }

  const backend = await startLocalBackend({
    port: e2eEnv.backendPort,
    convexDir: path.join(process.cwd(), "convex"),
    env: { CLERK_JWT_ISSUER_DOMAIN: issuer },
    dataFile: null,
    adminKey: e2eEnv.adminKey,
  });
  console.log(`[e2e] local Convex backend at ${backend.url}`);

  const app = spawn(
    nextBin(),
    ["start", "-p", String(e2eEnv.appPort), "-H", "127.0.0.1"],
    {
      env: appEnv,
      stdio: "inherit",
    },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    app.kill("SIGTERM");
    await backend.close();
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
