/**
 * Standalone local Clerk stand-in: `npx tsx local-clerk/main.ts [--print-env]`.
 *
 * Env: LOCAL_CLERK_PORT (3220), LOCAL_CLERK_DATA_DIR (.local-clerk/; "memory"
 * keeps everything in memory), LOCAL_CLERK_ADMIN_KEY (random when unset),
 * LOCAL_CLERK_PUBLIC_ORIGIN (http://localhost:PORT), LOCAL_CLERK_SECRET_KEY
 * (pins the Backend API key; else the one saved in the data folder),
 * LOCAL_CLERK_ALLOW_IN_PRODUCTION=true (tests only),
 * LOCAL_CLERK_STRESS_LIFETIMES=true (lifetimes real Clerk cannot have),
 * LOCAL_CLERK_MULTI_SESSION=true (Clerk's multi-session mode),
 * LOCAL_CLERK_JS_MAJOR (6; 5 for apps on @clerk/nextjs 6),
 * LOCAL_CLERK_HOSTED_PAGES=true (--print-env sends sign-ins to the hosted pages).
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { SECRET_KEY_FILE } from "./keys";
import { startClerkStandIn } from "./server";

async function main() {
  const env = process.env;
  const port = Number(env.LOCAL_CLERK_PORT ?? 3220);
  const dataDirSetting = env.LOCAL_CLERK_DATA_DIR ?? ".local-clerk";
  const dataDir =
    dataDirSetting === "memory" ? null : path.resolve(dataDirSetting);
  const adminKey =
    env.LOCAL_CLERK_ADMIN_KEY ?? randomBytes(18).toString("base64url");
  const major = env.LOCAL_CLERK_JS_MAJOR ?? "6";
  if (major !== "5" && major !== "6")
    throw new Error(
      `LOCAL_CLERK_JS_MAJOR must be 5 (for @clerk/nextjs 6) or 6 (for @clerk/nextjs 7), got ${major.slice(0, 20)}`,
    );
  const standIn = await startClerkStandIn({
    clerkJsMajor: major === "5" ? 5 : 6,
    port,
    dataDir,
    adminKey,
    ...(env.LOCAL_CLERK_PUBLIC_ORIGIN
      ? { publicOrigin: env.LOCAL_CLERK_PUBLIC_ORIGIN }
      : {}),
    ...(env.LOCAL_CLERK_SECRET_KEY
      ? { secretKey: env.LOCAL_CLERK_SECRET_KEY }
      : {}),
    allowInProduction: env.LOCAL_CLERK_ALLOW_IN_PRODUCTION === "true",
    stressLifetimes: env.LOCAL_CLERK_STRESS_LIFETIMES === "true",
    multiSession: env.LOCAL_CLERK_MULTI_SESSION === "true",
    log: (line) => console.error(line),
  });

  if (process.argv.includes("--print-env")) {
    for (const [key, value] of Object.entries(
      standIn.appEnv({
        hostedPages: env.LOCAL_CLERK_HOSTED_PAGES === "true",
      }),
    )) {
      // PEM values span lines; print them with \n escapes, as .env files expect.
      console.log(
        `${key}=${value.includes("\n") ? JSON.stringify(value) : value}`,
      );
    }
  }
  console.error(`[local-clerk] server URL: ${standIn.url}`);
  console.error(`[local-clerk] browser URL: ${standIn.publicOrigin}`);
  console.error(
    `[local-clerk] Frontend API: ${standIn.publicOrigin}/__clerk/v1`,
  );
  console.error(`[local-clerk] Backend API: ${standIn.url}/bapi/v1`);
  console.error(`[local-clerk] issuer: ${standIn.issuer}`);
  console.error(`[local-clerk] clerk-js: ${standIn.clerkJsUrl}`);
  console.error(`[local-clerk] ui: ${standIn.clerkUiUrl}`);
  console.error(`[local-clerk] data: ${dataDir ?? "in memory only"}`);
  // The key itself is printed only when nothing else holds it.
  console.error(
    `[local-clerk] secret key (CLERK_SECRET_KEY): ${
      env.LOCAL_CLERK_SECRET_KEY
        ? "from LOCAL_CLERK_SECRET_KEY"
        : dataDir
          ? `in ${path.join(dataDir, SECRET_KEY_FILE)}`
          : standIn.secretKey
    }`,
  );
  if (!env.LOCAL_CLERK_ADMIN_KEY)
    console.error(`[local-clerk] admin key (x-admin-key): ${adminKey}`);

  closeOnSignals(() => standIn.close());
}

/**
 * Ctrl-C or SIGTERM saves the state and exits (1 if saving failed).
 * Kept here rather than shared with local-convex/main.ts: each stand-in is a
 * folder of its own that imports nothing from the other.
 */
function closeOnSignals(close: () => Promise<void>) {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return; // a second Ctrl-C while saving changes nothing
    closing = true;
    console.error(`[local-clerk] ${signal}: saving state and shutting down`);
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
  console.error(`[local-clerk] failed to start: ${error.message}`);
  process.exit(1);
});
