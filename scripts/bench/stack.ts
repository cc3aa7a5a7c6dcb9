/**
 * The stack the benchmark measures: a production build of the app (`next build` into
 * its own folder, `next start`) and the local Convex backend in memory, on ports and
 * folders no other script uses, so it can run beside `npm run dev` and the E2E suite.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startLocalBackend } from "../../local-convex/server";

export type BenchStackOptions = {
  appPort: number;
  backendPort: number;
  distDir: string;
  tokenTtlSeconds: number;
  adminKey: string;
  skipBuild: boolean;
  /** Where the `next build` output is saved (its route table is parsed later). */
  buildLogFile: string;
};

export type BenchStack = {
  appUrl: string;
  backendUrl: string;
  adminKey: string;
  /** `next build` stdout, or null when the build was skipped. */
  buildOutput: string | null;
  buildSeconds: number | null;
  close: () => Promise<void>;
};

function nextBin() {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

export function benchAppEnv(options: BenchStackOptions): NodeJS.ProcessEnv {
  const appUrl = `http://127.0.0.1:${options.appPort}`;
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: options.distDir,
    NEXT_PUBLIC_CONVEX_URL: `http://127.0.0.1:${options.backendPort}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // Local mode even if Clerk keys are in the environment.
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "",
    CLERK_SECRET_KEY: "",
    LOCAL_AUTH_ISSUER: `${appUrl}/api/local-auth`,
    LOCAL_AUTH_ALLOW_IN_PRODUCTION: "true",
    LOCAL_AUTH_TOKEN_TTL_SECONDS: String(options.tokenTtlSeconds),
    LOCAL_AUTH_DIR: ".local-auth/bench",
    AUTH_HARNESS_ENABLED: "true",
    NEXT_PUBLIC_AUTH_HARNESS: "true",
    LOCAL_BACKEND_ADMIN_KEY: options.adminKey,
    PORT: String(options.appPort),
  };
}

function runBuild(env: NodeJS.ProcessEnv, logFile: string): string {
  const build = spawnSync(nextBin(), ["build"], {
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${build.stdout ?? ""}\n${build.stderr ?? ""}`;
  mkdirSync(path.dirname(logFile), { recursive: true });
  writeFileSync(logFile, output);
  if (build.status !== 0) {
    throw new Error(
      `next build failed (exit ${build.status}); output in ${logFile}`,
    );
  }
  return build.stdout ?? "";
}

async function waitForHttp(url: string, timeoutMs: number, app: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) {
      throw new Error(`next start exited with code ${app.exitCode}`);
    }
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

export async function startBenchStack(
  options: BenchStackOptions,
): Promise<BenchStack> {
  const env = benchAppEnv(options);
  let buildOutput: string | null = null;
  let buildSeconds: number | null = null;
  if (!options.skipBuild) {
    const started = Date.now();
    buildOutput = runBuild(env, options.buildLogFile);
    buildSeconds = (Date.now() - started) / 1000;
  }

  const appUrl = `http://127.0.0.1:${options.appPort}`;
  const backend = await startLocalBackend({
    port: options.backendPort,
    convexDir: path.join(process.cwd(), "convex"),
    env: { CLERK_JWT_ISSUER_DOMAIN: `${appUrl}/api/local-auth` },
    dataFile: null,
    adminKey: options.adminKey,
  });

  // Its own process group, so closing it also ends the server's children.
  const app = spawn(
    nextBin(),
    ["start", "-p", String(options.appPort), "-H", "127.0.0.1"],
    { env, stdio: ["ignore", "ignore", "inherit"], detached: true },
  );

  const close = async () => {
    if (app.exitCode === null && app.pid !== undefined) {
      const exited = new Promise((resolve) => app.once("exit", resolve));
      try {
        process.kill(-app.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(resolve, 5000)),
      ]);
      if (app.exitCode === null) {
        try {
          process.kill(-app.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    }
    await backend.close();
  };

  try {
    await waitForHttp(`${appUrl}/api/local-auth/session`, 60_000, app);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    appUrl,
    backendUrl: backend.url,
    adminKey: options.adminKey,
    buildOutput,
    buildSeconds,
    close,
  };
}
