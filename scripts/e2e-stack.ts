/**
 * The stack the E2E suite runs against: the local Clerk stand-in (explicitly allowed
 * in a production build, short token lifetimes behind its stressLifetimes switch), the local Convex backend, and a
 * production build of the app (`next build` + `next start`) pointed at both through
 * environment variables only.
 *
 * - Data and stand-in files live in a fresh temporary folder per run, so a clean
 *   clone and a tenth run behave the same, and a backend restart keeps data.
 * - The stand-in's Backend API key is the one the Playwright run made and passed in
 *   E2E_CLERK_SECRET_KEY (the specs get the same env); the app gets it from appEnv().
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
import { startLocalConvex, type LocalConvex } from "../local-convex/server";
import { e2eClerkOptions } from "./e2eClerk";
import { CLERK_SECRET_KEY_VAR, e2eEnv } from "./e2eEnv";
import { realClerkSetup } from "./realClerkEnv";
import { serverClock } from "./serverClock";
import { CLOCK_PIECES, StackClock, type ClockPiece } from "./stackClock";

const runDir = mkdtempSync(path.join(os.tmpdir(), "classroom-e2e-"));

/** Every start (also a restart by the control server) uses the same folder and key. */
function startClerk(): Promise<ClerkStandIn> {
  return startClerkStandIn(e2eClerkOptions(runDir));
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
    LOCAL_CONVEX_ADMIN_KEY: e2eEnv.adminKey,
    LOCAL_CLERK_ADMIN_URL: clerk.url,
    LOCAL_CLERK_ADMIN_KEY: e2eEnv.adminKey,
    PORT: String(e2eEnv.appPort),
  };
  return env;
}

function nextBin() {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

function startConvex(issuer: string): Promise<LocalConvex> {
  return startLocalConvex({
    port: e2eEnv.backendPort,
    convexDir: path.join(process.cwd(), "convex"),
    env: { CLERK_JWT_ISSUER_DOMAIN: issuer },
    dataFile: path.join(runDir, "backend-data.json"),
    adminKey: e2eEnv.adminKey,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in the control server can stop and start again on the same data. */
type Piece = {
  name: string;
  running: { close(): Promise<void> } | null;
  start(): Promise<{ close(): Promise<void> }>;
};

/**
 * POST /<piece>/stop, /<piece>/start, /<piece>/restart?downMs=N on loopback, for
 * `convex` and `clerk`: the outage tests take a stand-in away for real (its port
 * refuses connections) and bring it back with its data.
 */
function startControlServer(pieces: Piece[], clock: StackClock) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const [, name = "", action = ""] = url.pathname.split("/");
    if (name === "clock") return answerClock(clock, req.method, url, reply);
    if (req.method !== "POST") return reply(405, { error: "POST only" });
    const piece = pieces.find((p) => p.name === name);
    if (!piece || !["stop", "start", "restart"].includes(action)) {
      return reply(404, {
        error: `There is no control ${url.pathname.slice(0, 80)}; use /convex or /clerk with stop, start or restart.`,
      });
    }
    const downMs = Number(url.searchParams.get("downMs") ?? 0);
    if (!Number.isFinite(downMs) || downMs < 0 || downMs > 600_000) {
      return reply(400, { error: "downMs must be from 0 to 600000." });
    }
    const run = async () => {
      if (action === "stop" || action === "restart") {
        await piece.running?.close();
        piece.running = null;
      }
      if (action === "restart") await sleep(downMs);
      if (action === "start" || action === "restart") {
        piece.running ??= await piece.start();
        // A restarted stand-in starts on the machine's clock: put it back.
        if (piece.name === "clerk" || piece.name === "convex") {
          await clock.apply(piece.name);
        }
      }
      console.log(`[e2e] ${piece.name} ${action}: done`);
      reply(200, { running: piece.running !== null });
    };
    run().catch((error: unknown) =>
      reply(500, {
        error: `The ${piece.name} ${action} failed: ${String(error)}`,
      }),
    );
  });
  server.listen(e2eEnv.controlPort, "127.0.0.1");
  return server;
}

/**
 * GET /clock → each clock's offset and whether they agree.
 * POST /clock/jump?seconds=N → every clock forward by N s.
 * POST /clock/offset?piece=clerk|convex|next&seconds=N → one clock N s off (skew).
 */
function answerClock(
  clock: StackClock,
  method: string | undefined,
  url: URL,
  reply: (status: number, body: unknown) => void,
) {
  const action = url.pathname.split("/")[2] ?? "";
  if (method === "GET" && action === "") return reply(200, clock.reading());
  if (method !== "POST")
    return reply(405, {
      error: "Read the clock with GET /clock; move it with POST.",
    });
  const seconds = Number(url.searchParams.get("seconds"));
  const run = async () => {
    if (action === "jump") await clock.jump(seconds);
    else if (action === "offset") {
      const piece = url.searchParams.get("piece") as ClockPiece;
      if (!CLOCK_PIECES.includes(piece)) {
        return reply(400, {
          error: `piece must be one of ${CLOCK_PIECES.join(", ")}.`,
        });
      }
      await clock.set(piece, seconds);
    } else {
      return reply(404, { error: "Use /clock/jump or /clock/offset." });
    }
    console.log(`[e2e] clock ${action}: ${JSON.stringify(clock.offsets)}`);
    reply(200, clock.reading());
  };
  run().catch((error: unknown) =>
    reply(error instanceof RangeError ? 400 : 502, {
      error: error instanceof Error ? error.message : String(error),
    }),
  );
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
  if (!process.env[CLERK_SECRET_KEY_VAR])
    console.log(
      `[e2e] ${CLERK_SECRET_KEY_VAR} is not set: the stand-in made its own secret key, which the specs cannot know (the Playwright config sets it).`,
    );
  const appEnv = appEnvFor(clerk);
  build(appEnv);
  if (process.env.E2E_BUILD_ONLY === "1") {
    await clerk.close();
    rmSync(runDir, { recursive: true, force: true });
    return;
  }

  const convex: Piece = {
    name: "convex",
    running: await startConvex(clerk.issuer),
    start: () => startConvex(clerk.issuer),
  };
  console.log(`[e2e] local Convex backend at ${e2eEnv.backendUrl}`);
  const clerkPiece: Piece = {
    name: "clerk",
    running: clerk,
    start: startClerk,
  };
  const server = serverClock(path.join(runDir, "next-clock"));
  if (!server.movable) console.log(`[e2e] ${server.reason}`);
  const clock = new StackClock({
    clerk: {
      url: clerk.url,
      adminKey: e2eEnv.adminKey,
      running: () => clerkPiece.running !== null,
    },
    convex: () => convex.running as LocalConvex | null,
    server,
  });
  const control = startControlServer([convex, clerkPiece], clock);

  const app = spawn(
    nextBin(),
    ["start", "-p", String(e2eEnv.appPort), "-H", "localhost"],
    {
      env: { ...appEnv, ...(server.movable ? server.env : {}) },
      stdio: "inherit",
    },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    app.kill("SIGTERM");
    control.close();
    await convex.running?.close();
    await clerkPiece.running?.close();
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
