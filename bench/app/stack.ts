/**
 * The stack the benchmark measures: the local Clerk stand-in, the local Convex
 * backend in memory and a production build of the app (`next build` into its own
 * folder, `next start`), on ports and folders no other script uses, so it can run
 * beside `npm run dev` and the E2E suite. Built like the E2E stack: the stand-in
 * starts first because the build inlines its browser-facing settings.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startClerkStandIn, type ClerkStandIn } from "../../local-clerk/server";
import { startLocalConvex } from "../../local-convex/server";

export type BenchPorts = { app: number; convex: number; clerk: number };

export type BenchStackOptions = {
  ports: BenchPorts;
  distDir: string;
  /** Session and template token lifetime the stand-in starts with. */
  tokenTtlSeconds: number;
  adminKey: string;
  skipBuild: boolean;
  /** Where the `next build` output is saved (its route table is parsed later). */
  buildLogFile: string;
};

export type BenchStack = {
  /** Browser-facing (localhost: Next rewrites Clerk's handshake redirects to it). */
  appUrl: string;
  backendUrl: string;
  clerk: ClerkStandIn;
  /** The env the app runs with (Clerk URLs among them). */
  appEnv: NodeJS.ProcessEnv;
  adminKey: string;
  /** `next build` stdout, or null when the build was skipped. */
  buildOutput: string | null;
  buildSeconds: number | null;
  close: () => Promise<void>;
};

function nextBin() {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

export function benchAppEnv(
  options: Pick<BenchStackOptions, "ports" | "distDir" | "adminKey">,
  clerk: Pick<ClerkStandIn, "appEnv" | "url">,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...clerk.appEnv(),
    NODE_ENV: "production",
    NEXT_DIST_DIR: options.distDir,
    NEXT_PUBLIC_CONVEX_URL: `http://127.0.0.1:${options.ports.convex}`,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_HARNESS_ENABLED: "true",
    NEXT_PUBLIC_AUTH_HARNESS: "true",
    LOCAL_CONVEX_ADMIN_KEY: options.adminKey,
    LOCAL_CLERK_ADMIN_URL: clerk.url,
    LOCAL_CLERK_ADMIN_KEY: options.adminKey,
    PORT: String(options.ports.app),
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
  const clerk = await startClerkStandIn({
    port: options.ports.clerk,
    dataDir: null,
    adminKey: options.adminKey,
    // The benchmark varies lifetimes beyond what real Clerk allows.
    stressLifetimes: true,
    sessionTokenTtlSeconds: options.tokenTtlSeconds,
    templateTtlSeconds: options.tokenTtlSeconds,
    allowInProduction: true,
  });
  const env = benchAppEnv(options, clerk);
  let buildOutput: string | null = null;
  let buildSeconds: number | null = null;
  if (!options.skipBuild) {
    const started = Date.now();
    try {
      buildOutput = runBuild(env, options.buildLogFile);
    } catch (error) {
      await clerk.close();
      throw error;
    }
    buildSeconds = (Date.now() - started) / 1000;
  }

  const appUrl = `http://localhost:${options.ports.app}`;
  const backend = await startLocalConvex({
    port: options.ports.convex,
    convexDir: path.join(process.cwd(), "convex"),
    env: { CLERK_JWT_ISSUER_DOMAIN: clerk.issuer },
    dataFile: null,
    adminKey: options.adminKey,
    log: () => {},
  });

  // Its own process group, so closing it also ends the server's children.
  const app = spawn(
    nextBin(),
    ["start", "-p", String(options.ports.app), "-H", "localhost"],
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
    await clerk.close();
  };

  try {
    await waitForHttp(`${appUrl}/`, 60_000, app);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    appUrl,
    backendUrl: backend.url,
    clerk,
    appEnv: env,
    adminKey: options.adminKey,
    buildOutput,
    buildSeconds,
    close,
  };
}
