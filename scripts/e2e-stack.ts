/**
 * The stack the E2E suite runs against: the kit (kit/kit.ts: the Clerk stand-in,
 * explicitly allowed in a production build with short token lifetimes behind its
 * stressLifetimes switch, and the Convex stand-in, each in its own process), and a
 * production build of the app (`next build` + `next start`) pointed at both through
 * the kit's environment only.
 *
 * - Data and stand-in files live in a fresh temporary folder per run, so a clean
 *   clone and a tenth run behave the same, and a backend restart keeps data.
 * - The stand-in's Backend API key is the one the Playwright run made and passed in
 *   E2E_CLERK_SECRET_KEY (the specs get the same env); the app gets it from appEnv().
 * - A loopback-only control port lets the fault tests stop and restart a stand-in
 *   (the kit's own controls) and move every clock, the Next.js server's included.
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
import { startKit, type Kit } from "../kit/kit";
import type { PieceName } from "../kit/piece";
import { e2eClerkOptions } from "./e2eClerk";
import { CLERK_SECRET_KEY_VAR, e2eEnv } from "./e2eEnv";
import { realClerkSetup } from "./realClerkEnv";
import { serverClock } from "./serverClock";
import { CLOCK_PIECES, StackClock, type ClockPiece } from "./stackClock";

const runDir = mkdtempSync(path.join(os.tmpdir(), "classroom-e2e-"));

/** Both stand-ins through the kit, in the run's folder, pinned to the run's keys. */
function startStandIns(): Promise<Kit> {
  const clerk = e2eClerkOptions(runDir);
  return startKit({
    appDir: process.cwd(),
    dataDir: runDir,
    clerkDataDir: clerk.dataDir ?? undefined,
    convexDataFile: path.join(runDir, "backend-data.json"),
    clerkPort: clerk.port,
    convexPort: e2eEnv.backendPort,
    clerkAdminKey: clerk.adminKey,
    convexAdminKey: e2eEnv.adminKey,
    clerkSecretKey: clerk.secretKey,
    stressLifetimes: clerk.stressLifetimes,
    sessionTokenTtlSeconds: clerk.sessionTokenTtlSeconds,
    templateTtlSeconds: clerk.templateTtlSeconds,
    allowInProduction: clerk.allowInProduction,
    log: (line) => console.log(`[e2e] ${line}`),
    output: (line) => console.log(line),
  });
}

function appEnvFor(kit: Kit): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...kit.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: e2eEnv.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_BUILD_SKIP_CHECKS: "1",
    AUTH_HARNESS_ENABLED: "true",
    NEXT_PUBLIC_AUTH_HARNESS: "true",
    PORT: String(e2eEnv.appPort),
  };
}

function nextBin() {
  return path.join(process.cwd(), "node_modules", ".bin", "next");
}

/**
 * POST /<piece>/stop, /<piece>/start, /<piece>/restart?downMs=N on loopback, for
 * `convex` and `clerk`: the outage tests take a stand-in away for real (its port
 * refuses connections) and bring it back with its data. The kit does the work;
 * this adds the Next.js server's clock to the kit's two.
 */
function startControlServer(kit: Kit, clock: StackClock) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const [, name = "", action = ""] = url.pathname.split("/");
    if (name === "clock") return answerClock(clock, req.method, url, reply);
    if (req.method !== "POST") return reply(405, { error: "POST only" });
    if (
      (name !== "convex" && name !== "clerk") ||
      !["stop", "start", "restart"].includes(action)
    ) {
      return reply(404, {
        error: `There is no control ${url.pathname.slice(0, 80)}; use /convex or /clerk with stop, start or restart.`,
      });
    }
    const downMs = Number(url.searchParams.get("downMs") ?? 0);
    if (!Number.isInteger(downMs) || downMs < 0 || downMs > 600_000) {
      return reply(400, { error: "downMs must be from 0 to 600000." });
    }
    const piece: PieceName = name;
    const run = async () => {
      if (action === "stop") await kit.stop(piece);
      else if (action === "start") await kit.start(piece);
      else await kit.restart(piece, downMs);
      console.log(`[e2e] ${piece} ${action}: done`);
      reply(200, { running: kit.running(piece) });
    };
    run().catch((error: unknown) =>
      reply(500, {
        error: `The ${piece} ${action} failed: ${String(error)}`,
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
  if (!process.env[CLERK_SECRET_KEY_VAR])
    console.log(
      `[e2e] ${CLERK_SECRET_KEY_VAR} is not set: the stand-in made its own secret key, which the specs cannot know (the Playwright config sets it).`,
    );
  // The build inlines the stand-in's browser-facing settings, so the kit starts first.
  const kit = await startStandIns();
  console.log(`[e2e] local Clerk stand-in at ${kit.clerk.url}`);
  const appEnv = appEnvFor(kit);
  build(appEnv);
  if (process.env.E2E_BUILD_ONLY === "1") {
    await kit.close();
    rmSync(runDir, { recursive: true, force: true });
    return;
  }
  console.log(`[e2e] local Convex backend at ${kit.convex.url}`);

  const server = serverClock(path.join(runDir, "next-clock"));
  if (!server.movable) console.log(`[e2e] ${server.reason}`);
  const clock = new StackClock({ standIns: kit.clock, server });
  const control = startControlServer(kit, clock);

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
    await kit.close();
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
