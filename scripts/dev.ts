/**
 * `npm run dev`.
 *
 * With both Clerk keys set (`.env.local` or the environment): `next dev` only, against
 * your Clerk instance and Convex deployment (`npx convex dev` runs beside it).
 * With neither: the same app and the same Clerk SDK, pointed at the local stand-ins —
 * the Clerk stand-in (local-clerk/) and the Convex backend (local-convex/), each in
 * its own process, started by the kit (kit/) — through environment variables only.
 * A stand-in that stops is reported and can be restarted alone: `c` (Convex) or
 * `k` (Clerk) in the terminal; `q` or Ctrl-C stops everything.
 *
 * Everything listens on loopback. `--host <address>` exposes Next.js on another
 * address (the local stand-ins stay on loopback), with a warning.
 * Sample classes for the preset users are added on the first start (no data file
 * yet); `--seed` (or LOCAL_CONVEX_SEED=1) adds them again for any preset user who
 * has no class.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { serverConfigOrExit } from "../lib/config";
import { devHost } from "./devHost";
import { DEFAULT_CLERK_PORT, DEFAULT_CONVEX_PORT, startKit } from "../kit/kit";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/** `.env.local` and `.env` as Next.js reads them, so the mode is decided like the app does. */
function fileEnv(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of [".env", ".env.local"]) {
    const file = path.join(root, name);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
      const match = /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
      if (match) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, "$2");
    }
  }
  return values;
}

async function main() {
  const merged = { ...fileEnv(), ...process.env };
  const hasPublishable = Boolean(merged.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  const hasSecret = Boolean(merged.CLERK_SECRET_KEY);
  const port = String(merged.PORT ?? 3000);
  const { host, warning } = devHost(process.argv);
  if (warning) console.warn(`\n[dev] WARNING: ${warning}\n`);
  const children: ChildProcess[] = [];
  const closers: Array<() => Promise<void>> = [];
  let exiting = false;

  const shutdown = (code: number) => {
    if (exiting) return;
    exiting = true;
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
      }
    }
    // Give the backend time to save its data file.
    const timer = setTimeout(() => process.exit(code), 5_000);
    timer.unref();
    Promise.all([
      ...closers.map((close) => close().catch(() => undefined)),
      ...children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) resolve();
            else child.once("exit", () => resolve());
          }),
      ),
    ]).then(() => process.exit(code));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => shutdown(0));
  }

  const startNext = (env: NodeJS.ProcessEnv) => {
    const next = spawn(
      bin("next"),
      ["dev", "--port", port, "--hostname", host],
      { stdio: "inherit", env },
    );
    children.push(next);
    next.on("exit", (code) => {
      console.log(`[dev] next dev exited (${code ?? "signal"})`);
      shutdown(code ?? 0);
    });
  };

  if (hasPublishable || hasSecret) {
    // Real Clerk: a missing half is reported by the config check, naming it.
    serverConfigOrExit(merged);
    console.log(
      "[dev] Clerk keys found: starting Next.js only. Run `npx convex dev` in another terminal for your Convex deployment.",
    );
    startNext(process.env);
    return;
  }

  const clerkAdminKey =
    process.env.LOCAL_CLERK_ADMIN_KEY ?? randomBytes(16).toString("hex");
  const convexAdminKey =
    process.env.LOCAL_CONVEX_ADMIN_KEY ?? randomBytes(16).toString("hex");
  const dataFile = path.resolve(
    process.env.LOCAL_CONVEX_DATA ?? ".local-convex/data.json",
  );
  const seed =
    !existsSync(dataFile) ||
    process.argv.includes("--seed") ||
    process.env.LOCAL_CONVEX_SEED === "1";
  const subjects = process.env.LOCAL_CONVEX_SEED_SUBJECTS?.split(",").map(
    (subject) => subject.trim(),
  );

  // The kit's stack for this repo, in the folders and on the ports `npm run dev` always used.
  const kit = await startKit({
    appDir: root,
    clerkPort: Number(process.env.LOCAL_CLERK_PORT ?? DEFAULT_CLERK_PORT),
    convexPort: Number(process.env.LOCAL_CONVEX_PORT ?? DEFAULT_CONVEX_PORT),
    clerkDataDir: path.resolve(
      process.env.LOCAL_CLERK_DATA_DIR ?? ".local-clerk",
    ),
    convexDataFile: dataFile,
    clerkAdminKey,
    convexAdminKey,
    ...(seed
      ? {
          convexSeed: {
            module: path.join(root, "local-convex", "seed.ts"),
            exportName: "seedClassroom",
            ...(subjects ? { input: subjects } : {}),
          },
        }
      : {}),
    keys: true,
    onQuit: () => shutdown(0),
    log: (line) => console.log(`[dev] ${line}`),
  });
  closers.push(() => kit.close());

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...kit.env,
    // Nothing leaves the machine with the stand-ins, Next's own telemetry included.
    NEXT_TELEMETRY_DISABLED: "1",
  };
  serverConfigOrExit(env);

  console.log(
    [
      "[dev] No Clerk keys: the Clerk SDK talks to the local Clerk stand-in.",
      `[dev]   app             http://localhost:${port}  (sign in as teacher@example.com or student@example.com, password classroom-dev-password)`,
      `[dev]   Clerk stand-in  ${kit.clerk.url}  (admin key ${clerkAdminKey})`,
      `[dev]   Convex backend  ${kit.convex.url}  (admin key ${convexAdminKey})`,
    ].join("\n"),
  );
  startNext(env);
}

main().catch((error: unknown) => {
  console.error(
    `[dev] could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
