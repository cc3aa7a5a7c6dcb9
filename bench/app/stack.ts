/**
 * The stack the benchmark measures: the kit (the Clerk and Convex stand-ins, each in
 * its own process, with their data in a temporary folder) and a production build of
 * the app (`next build` into its own folder, `next start`), on ports and folders no
 * other script uses, so it can run beside `npm run dev` and the E2E suite. Built
 * like the E2E stack: the kit starts first because the build inlines its
 * browser-facing settings.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startKit, type Kit } from "../../kit/kit";

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
  clerk: Kit["clerk"];
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
  options: Pick<BenchStackOptions, "ports" | "distDir">,
  kitEnv: Readonly<Record<string, string>>,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...kitEnv,
    NODE_ENV: "production",
    NEXT_DIST_DIR: options.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_HARNESS_ENABLED: "true",
    NEXT_PUBLIC_AUTH_HARNESS: "true",
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
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "classroom-bench-"));
  const kit = await startKit({
    appDir: process.cwd(),
    dataDir,
    clerkPort: options.ports.clerk,
    convexPort: options.ports.convex,
    clerkAdminKey: options.adminKey,
    convexAdminKey: options.adminKey,
    // The benchmark varies lifetimes beyond what real Clerk allows.
    stressLifetimes: true,
    sessionTokenTtlSeconds: options.tokenTtlSeconds,
    templateTtlSeconds: options.tokenTtlSeconds,
    allowInProduction: true,
    log: () => {},
    output: () => {},
  });
  const closeKit = async () => {
    await kit.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const env = benchAppEnv(options, kit.env);
  let buildOutput: string | null = null;
  let buildSeconds: number | null = null;
  if (!options.skipBuild) {
    const started = Date.now();
    try {
      buildOutput = runBuild(env, options.buildLogFile);
    } catch (error) {
      await closeKit();
      throw error;
    }
    buildSeconds = (Date.now() - started) / 1000;
  }

  const appUrl = `http://localhost:${options.ports.app}`;

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
    await closeKit();
  };

  try {
    await waitForHttp(`${appUrl}/`, 60_000, app);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    appUrl,
    backendUrl: kit.convex.url,
    clerk: kit.clerk,
    appEnv: env,
    adminKey: options.adminKey,
    buildOutput,
    buildSeconds,
    close,
  };
}
