/**
 * The Convex stand-in on its own: `npm run backend`.
 *
 * Env: LOCAL_CONVEX_PORT (3210), LOCAL_CONVEX_DATA (.local-convex/data.json),
 * LOCAL_CONVEX_IN_MEMORY=1, LOCAL_CONVEX_ADMIN_KEY, CLERK_JWT_ISSUER_DOMAIN,
 * LOCAL_CONVEX_SEED=1 (or --seed), LOCAL_CONVEX_SEED_SUBJECTS (comma-separated `sub`s).
 */
import path from "node:path";
import { DEFAULT_SEED_SUBJECTS, seedClassroom } from "./seed";
import { startLocalConvex } from "./server";

const truthy = (value: string | undefined) => value === "1" || value === "true";

async function main() {
  const env = process.env;
  const port = Number(env.LOCAL_CONVEX_PORT ?? 3210);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `LOCAL_CONVEX_PORT must be a port number, got ${env.LOCAL_CONVEX_PORT}`,
    );
  }
  const inMemory = truthy(env.LOCAL_CONVEX_IN_MEMORY);
  const dataFile = inMemory
    ? null
    : path.resolve(env.LOCAL_CONVEX_DATA ?? ".local-convex/data.json");
  const issuer = env.CLERK_JWT_ISSUER_DOMAIN;
  if (!issuer) {
    console.warn(
      "[local-convex] CLERK_JWT_ISSUER_DOMAIN is not set: no token will be accepted (npm run dev sets it to the local issuer)",
    );
  }

  const convex = await startLocalConvex({
    port,
    convexDir: path.resolve(env.LOCAL_CONVEX_FUNCTIONS_DIR ?? "convex"),
    env: { CLERK_JWT_ISSUER_DOMAIN: issuer },
    dataFile,
    ...(env.LOCAL_CONVEX_ADMIN_KEY
      ? { adminKey: env.LOCAL_CONVEX_ADMIN_KEY }
      : {}),
  });

  if (
    issuer &&
    (truthy(env.LOCAL_CONVEX_SEED) || process.argv.includes("--seed"))
  ) {
    const subjects = env.LOCAL_CONVEX_SEED_SUBJECTS
      ? env.LOCAL_CONVEX_SEED_SUBJECTS.split(",").map((s) => s.trim())
      : DEFAULT_SEED_SUBJECTS;
    try {
      console.log(
        `[local-convex] ${await seedClassroom(convex.engine, issuer, subjects)}`,
      );
    } catch (error) {
      console.error(`[local-convex] seed failed: ${(error as Error).message}`);
    }
  }

  console.log(`[local-convex] Convex URL: ${convex.url}`);
  console.log(`[local-convex] data: ${dataFile ?? "in memory only"}`);
  if (!env.LOCAL_CONVEX_ADMIN_KEY) {
    console.log(`[local-convex] admin key (x-admin-key): ${convex.adminKey}`);
  }

  closeOnSignals(() => convex.close());
}

/**
 * Ctrl-C or SIGTERM saves the data file and exits (1 if saving failed).
 * Kept here rather than shared with local-clerk/main.ts: each stand-in is a
 * folder of its own that imports nothing from the other.
 */
function closeOnSignals(close: () => Promise<void>) {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return; // a second Ctrl-C while saving changes nothing
    closing = true;
    console.log(`[local-convex] ${signal}: saving data and shutting down`);
    close()
      .catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      })
      .finally(() => process.exit());
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

main().catch((error: Error) => {
  console.error(`[local-convex] failed to start: ${error.message}`);
  process.exit(1);
});
