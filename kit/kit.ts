/**
 * `startKit`: the Clerk stand-in and the Convex stand-in for one app, each in
 * its own process, on loopback. The CLI (`npm run kit`) and `npm run dev` both
 * start the stack through here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PRODUCTION_REFUSAL } from "../local-clerk/server";
import { appEnvironment } from "./appEnv";
import { checkAppFolder, hasOwnSignInRoute } from "./appFolder";
import { KitClock } from "./clock";
import { clerkSdkOf } from "./clerkSdk";
import type { KitUser } from "./config";
import { startControlServer, type ControlServer } from "./control";
import { DataFolder, DEFAULT_DATA_FOLDER } from "./dataFolder";
import { KitError, sentenceOf } from "./errors";
import { issuerVars } from "./issuerVars";
import type { PieceName } from "./piece";
import { Stack } from "./stack";
import { CTRL_C, listenForKeys } from "./terminalKeys";
import type { ClerkInfo, ConvexInfo, ConvexSeed } from "./workers/protocol";

export const DEFAULT_CLERK_PORT = 3220;
export const DEFAULT_CONVEX_PORT = 3210;

export type KitOptions = {
  appDir: string;
  /** Default `<appDir>/.local-stack`. */
  dataDir?: string;
  /** Defaults 3220 and 3210; 0 picks a free port (kept across restarts). */
  clerkPort?: number;
  convexPort?: number;
  /** Opens the loopback control endpoint; absent = off, 0 = any free port. */
  controlPort?: number;
  convexIntegration?: "native" | "template";
  sessionTokenTtlSeconds?: number;
  templateTtlSeconds?: number;
  stressLifetimes?: boolean;
  /** Clerk's multi-session mode: several signed-in sessions per browser. */
  multiSession?: boolean;
  users?: readonly KitUser[];
  /** Convex environment variables, as `npx convex env set` would set them. */
  convexEnv?: Readonly<Record<string, string>>;
  /** Default: LOCAL_CLERK_ALLOW_IN_PRODUCTION=true. */
  allowInProduction?: boolean;
  /** Folders and keys a caller keeps elsewhere (`npm run dev` keeps its own). */
  clerkDataDir?: string;
  convexDataFile?: string;
  clerkAdminKey?: string;
  convexAdminKey?: string;
  /** Pins the Clerk Backend API key instead of the data folder's. */
  clerkSecretKey?: string;
  /** Runs once in the Convex process after the first start. */
  convexSeed?: ConvexSeed;
  /** Restart keys in an interactive terminal (c, k, q). Default false. */
  keys?: boolean;
  /** What `q` (and Ctrl-C under keys) does; default: close the kit. */
  onQuit?: () => void;
  /**
   * Called once both pieces are up (`kit.env` complete), before the control
   * endpoint answers and before the key help: the place to write the env.
   */
  onReady?: (kit: Kit) => void | Promise<void>;
  /** The kit's own lines; default stderr with `[kit] `. */
  log?: (line: string) => void;
  /** The stand-ins' lines; default stderr. */
  output?: (line: string) => void;
};

export type Kit = {
  appDir: string;
  dataDir: string;
  /** The app's environment (see appEnv.ts). */
  env: Record<string, string>;
  clerk: ClerkInfo & { adminKey: string };
  convex: ConvexInfo & { adminKey: string };
  controlUrl: string | null;
  /** Variables set to the issuer on Convex and in the env. */
  issuerVars: string[];
  running(name: PieceName): boolean;
  /** The process id of a running piece, else null. */
  pid(name: PieceName): number | null;
  /** Stops one piece and starts it again on the same port and data, `downMs` later. */
  restart(name: PieceName, downMs?: number): Promise<void>;
  /** Takes one piece away (its port refuses connections) until `start`. */
  stop(name: PieceName): Promise<void>;
  /** Starts a stopped piece again on its port and data. */
  start(name: PieceName): Promise<void>;
  /** The stand-ins' clocks: jumps and skew, kept across restarts. */
  clock: KitClock;
  close(): Promise<void>;
};

/** How the control endpoint reports each piece action once it is done. */
const DONE = {
  restart: "restarted",
  stop: "stopped",
  start: "started",
} as const;

export const KEY_HELP =
  "keys: c restarts Convex, k restarts Clerk, q quits (data is kept)";

export async function startKit(options: KitOptions): Promise<Kit> {
  const log =
    options.log ?? ((line: string) => process.stderr.write(`[kit] ${line}\n`));
  const output =
    options.output ?? ((line: string) => process.stderr.write(`${line}\n`));
  const allowInProduction =
    options.allowInProduction ??
    process.env.LOCAL_CLERK_ALLOW_IN_PRODUCTION === "true";
  if (process.env.NODE_ENV === "production" && !allowInProduction)
    throw new KitError(PRODUCTION_REFUSAL);
  if (
    options.clerkPort !== undefined &&
    options.clerkPort !== 0 &&
    options.clerkPort === options.convexPort
  )
    throw new KitError(
      `The Clerk and Convex stand-ins cannot share port ${options.clerkPort}; give them different ports.`,
    );

  const app = checkAppFolder(options.appDir);
  const data = new DataFolder(
    options.dataDir ?? path.join(app.appDir, DEFAULT_DATA_FOLDER),
  );
  const stored =
    options.clerkAdminKey && options.convexAdminKey ? null : data.adminKeys();
  const adminKeys = {
    clerk: options.clerkAdminKey ?? stored?.clerk ?? "",
    convex: options.convexAdminKey ?? stored?.convex ?? "",
  };
  const convexEnv = { ...options.convexEnv };
  const issuer = issuerVars(
    readFileSync(app.authConfigFile, "utf8"),
    convexEnv,
  );
  if (issuer.warning) log(issuer.warning);

  // The clerk-js the app's own @clerk/nextjs loads (5 for Core 2, 6 for Core 3),
  // and Clerk's hosted pages for an app without its own sign-in route.
  const sdk = clerkSdkOf(app.appDir);
  const hostedPages = !hasOwnSignInRoute(app.appDir);

  let keysOn = false;
  let control: ControlServer | null = null;
  const stack = new Stack({
    cwd: app.appDir,
    clerk: {
      port: options.clerkPort ?? DEFAULT_CLERK_PORT,
      dataDir: options.clerkDataDir ?? data.clerkDir,
      adminKey: adminKeys.clerk,
      allowInProduction,
      // Unset ones are dropped on the way to the process (JSON), so the stand-in's defaults hold.
      secretKey: options.clerkSecretKey,
      convexIntegration: options.convexIntegration,
      sessionTokenTtlSeconds: options.sessionTokenTtlSeconds,
      templateTtlSeconds: options.templateTtlSeconds,
      stressLifetimes: options.stressLifetimes,
      multiSession: options.multiSession,
      clerkJsMajor: sdk.clerkJsMajor,
      hostedPages,
    },
    users: options.users ?? [],
    convex: {
      port: options.convexPort ?? DEFAULT_CONVEX_PORT,
      convexDir: app.convexDir,
      env: convexEnv,
      dataFile: options.convexDataFile ?? data.convexFile,
      adminKey: adminKeys.convex,
    },
    issuerVars: issuer.names,
    seed: options.convexSeed ?? null,
    log,
    output,
    restartHint: (name) => {
      const ways = [
        ...(keysOn ? [`press ${name === "clerk" ? "k" : "c"}`] : []),
        ...(control ? [`POST ${control.url}/${name}/restart`] : []),
      ];
      return ways.length
        ? `; ${ways.join(" or ")} to start it again`
        : "; restart the kit to start it again";
    },
  });
  await stack.start();

  let stopKeys = () => {};
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      stopKeys();
      await control?.close();
      await stack.close();
    })();
    return closing;
  };

  const env = appEnvironment({
    clerkEnv: stack.clerk.appEnv,
    clerkUrl: stack.clerk.url,
    issuer: stack.clerk.issuer,
    issuerVars: issuer.names,
    convexUrl: stack.convex.url,
    clerkAdminKey: adminKeys.clerk,
    convexAdminKey: adminKeys.convex,
    controlUrl: null,
  });
  const clock = new KitClock((name) =>
    stack.running(name)
      ? {
          url: name === "clerk" ? stack.clerk.url : stack.convex.url,
          adminKey: adminKeys[name],
        }
      : null,
  );
  // A piece that starts again gets its clock offset back.
  const restart = async (name: PieceName, downMs = 0) => {
    await stack.restart(name, downMs);
    await clock.apply(name);
  };
  const start = async (name: PieceName) => {
    await stack.startPiece(name);
    await clock.apply(name);
  };
  const kit: Kit = {
    appDir: app.appDir,
    dataDir: data.dir,
    env,
    clerk: { ...stack.clerk, adminKey: adminKeys.clerk },
    convex: { ...stack.convex, adminKey: adminKeys.convex },
    controlUrl: null,
    issuerVars: issuer.names,
    running: (name) => stack.running(name),
    pid: (name) => stack.pid(name),
    restart,
    stop: (name) => stack.stopPiece(name),
    start,
    clock,
    close,
  };

  let ready = false;
  try {
    if (options.controlPort !== undefined) {
      // Opened first so the env can name it; it answers 503 until onReady is done.
      control = await startControlServer(options.controlPort, {
        ready: () => ready,
        status: () => ({
          ready: true,
          clerk: piecesStatus(stack, "clerk", kit.clerk.url),
          convex: piecesStatus(stack, "convex", kit.convex.url),
          clock: clock.reading(),
        }),
        piece: async (name, action, downMs) => {
          if (action === "restart") await restart(name, downMs);
          else if (action === "stop") await stack.stopPiece(name);
          else await start(name);
          return { [DONE[action]]: name, running: stack.running(name) };
        },
        clock: {
          reading: () => clock.reading(),
          jump: (seconds) => clock.jump(seconds),
          set: (name, seconds) => clock.set(name, seconds),
        },
      });
      kit.controlUrl = control.url;
      env.KIT_CONTROL_URL = control.url;
    }
    await options.onReady?.(kit);
    ready = true;
  } catch (error) {
    await close();
    throw error instanceof KitError ? error : new KitError(sentenceOf(error));
  }

  if (options.keys && process.stdin.isTTY) {
    const quit = options.onQuit ?? (() => void close());
    stopKeys = listenForKeys({
      c: () => void restart("convex").catch(() => {}),
      k: () => void restart("clerk").catch(() => {}),
      q: quit,
      [CTRL_C]: quit,
    });
    keysOn = true;
    log(KEY_HELP);
  }
  return kit;
}

function piecesStatus(stack: Stack, name: PieceName, url: string) {
  return { running: stack.running(name), url, pid: stack.pid(name) };
}
