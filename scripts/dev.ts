/**
 * `npm run dev`.
 * Local mode (no Clerk keys): starts the local Convex backend on 3210 with the
 * local identity provider as its issuer, then `next dev` pointed at it.
 * Clerk mode: runs `next dev` only; `npx convex dev` runs separately.
 * `--seed` (or LOCAL_BACKEND_SEED=1) adds sample classes for
 * LOCAL_BACKEND_SEED_EMAIL (default teacher@example.com) to an empty database.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { serverConfigOrExit } from "../lib/config";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawn(command, args, { stdio: "inherit", env });
}

function main() {
  const config = serverConfigOrExit();
  const port = String(process.env.PORT ?? 3000);
  const children: ChildProcess[] = [];
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
    Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) resolve();
            else child.once("exit", () => resolve());
          }),
      ),
    ).then(() => process.exit(code));
  };

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => shutdown(0));
  }

  if (config.authMode === "clerk") {
    console.log(
      "[dev] Clerk mode: starting Next.js only. Run `npx convex dev` in another terminal for the Convex deployment.",
    );
    const next = run(bin("next"), ["dev", "--port", port], process.env);
    children.push(next);
    next.on("exit", (code) => shutdown(code ?? 0));
    return;
  }

  const adminKey =
    process.env.LOCAL_BACKEND_ADMIN_KEY ?? randomBytes(16).toString("hex");
  const backendPort = process.env.LOCAL_BACKEND_PORT ?? "3210";
  const convexUrl =
    process.env.NEXT_PUBLIC_CONVEX_URL ?? `http://127.0.0.1:${backendPort}`;
  const seed =
    process.argv.includes("--seed") || process.env.LOCAL_BACKEND_SEED === "1";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLERK_JWT_ISSUER_DOMAIN: config.localAuth.issuer,
    LOCAL_BACKEND_ADMIN_KEY: adminKey,
    LOCAL_BACKEND_PORT: backendPort,
    NEXT_PUBLIC_CONVEX_URL: convexUrl,
    ...(seed ? { LOCAL_BACKEND_SEED: "1" } : {}),
  };
  console.log(
    `[dev] Local mode: Convex backend ${convexUrl} (issuer ${config.localAuth.issuer}), Next.js http://127.0.0.1:${port}, admin key ${adminKey}`,
  );
  const backend = run(bin("tsx"), [path.join("local-convex", "main.ts")], env);
  children.push(backend);
  backend.on("exit", (code) => {
    console.log(`[dev] local backend exited (${code ?? "signal"})`);
    shutdown(code ?? 1);
  });

  const next = run(bin("next"), ["dev", "--port", port], env);
  children.push(next);
  next.on("exit", (code) => {
    console.log(`[dev] next dev exited (${code ?? "signal"})`);
    shutdown(code ?? 0);
  });
}

main();
