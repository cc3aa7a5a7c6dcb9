import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { DeploymentClock } from "./clock";
import { TokenVerifier, type AuthProviderConfig } from "./auth";
import { Counters, type CountersSnapshot } from "./counters";
import { Engine } from "./engine";
import { handleFunctionCall, sendJson, type FunctionRunner } from "./httpApi";
import { importWithEnv } from "./modules";
import { DataFileStore } from "./persistence";
import { QueryHub, type InvalidationStrategy } from "./queryHub";
import { SyncSession } from "./syncSession";

export type LocalConvexOptions = {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The `convex/` folder whose functions are served. */
  convexDir: string;
  /** Applied while `auth.config.ts` is evaluated (e.g. CLERK_JWT_ISSUER_DOMAIN). */
  env?: Record<string, string | undefined>;
  /** Data file path; `null` keeps data in memory only. */
  dataFile?: string | null;
  /** Key for the `/_admin/*` controls; a random one is made if absent. */
  adminKey?: string;
  /** Largest accepted WebSocket frame; bigger frames close that socket. */
  maxMessageBytes?: number;
  /** Server silence before a Ping; 15 s like a deployment. */
  pingAfterMs?: number;
  /**
   * "read-sets" (default): re-run only subscriptions a commit could have
   * changed, shared across sockets. "rerun-all": every subscription of every
   * socket after every commit, kept to compare against in the benchmark.
   */
  invalidation?: InvalidationStrategy;
  /** Starts the deployment's clock this far from the machine's (tests only). */
  clockOffsetSeconds?: number;
  log?: (message: string) => void;
};

export type LocalConvex = {
  url: string;
  port: number;
  adminKey: string;
  dataFile: string | null;
  engine: Engine;
  hub: QueryHub;
  /** The clock every token expiry check reads; `/_admin/clock` moves it. */
  clock: DeploymentClock;
  counters(): CountersSnapshot;
  dropConnections(): number;
  pause(): void;
  resume(): void;
  resetData(): void;
  /** Saves data (if persistent), drops sockets and stops listening. */
  close(): Promise<void>;
};

const SYNC_PATH = /^\/api\/[^/]+\/sync$/;

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return (
    address === "::1" ||
    address.startsWith("127.") ||
    address.startsWith("::ffff:127.")
  );
}

function sameKey(given: string | string[] | undefined, expected: string) {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function loadAuthProviders(
  convexDir: string,
  env: Record<string, string | undefined>,
): Promise<AuthProviderConfig[]> {
  const file = ["auth.config.ts", "auth.config.js"]
    .map((name) => path.join(convexDir, name))
    .find((candidate) => existsSync(candidate));
  if (!file) return [];
  const config = (await importWithEnv(file, env)) as {
    default?: { providers?: AuthProviderConfig[] };
  };
  return config.default?.providers ?? [];
}

/**
 * GET /_admin/clock → `{ offsetSeconds, now }`. POST /_admin/clock?offsetSeconds=N
 * sets the offset (skew); POST /_admin/clock?jumpSeconds=N moves it forward.
 */
function answerClock(
  clock: DeploymentClock,
  method: string,
  url: string,
  res: ServerResponse,
) {
  const reading = () => ({
    offsetSeconds: clock.offsetSeconds,
    now: new Date(clock.now()).toISOString(),
  });
  if (method === "GET") return sendJson(res, 200, reading());
  if (method !== "POST") {
    return sendJson(res, 405, {
      error: `${method} is not allowed on /_admin/clock.`,
    });
  }
  const params = new URL(url, "http://localhost").searchParams;
  const offset = params.get("offsetSeconds");
  const jump = params.get("jumpSeconds");
  if ((offset === null) === (jump === null)) {
    return sendJson(res, 400, {
      error: "Give exactly one of offsetSeconds or jumpSeconds.",
    });
  }
  const seconds = Number(offset ?? jump);
  try {
    if (offset !== null) clock.setOffset(seconds);
    else clock.jump(seconds);
  } catch (error) {
    return sendJson(res, 400, { error: (error as RangeError).message });
  }
  sendJson(res, 200, reading());
}

export async function startLocalConvex(
  options: LocalConvexOptions,
): Promise<LocalConvex> {
  const log =
    options.log ?? ((message) => console.log(`[local-convex] ${message}`));
  const convexDir = path.resolve(options.convexDir);
  const providers = await loadAuthProviders(convexDir, options.env ?? {});
  for (const provider of providers) {
    const issuer = "domain" in provider ? provider.domain : provider.issuer;
    if (!issuer) {
      log(
        "warning: an auth provider has no domain/issuer (is CLERK_JWT_ISSUER_DOMAIN set?)",
      );
    }
  }
  const clock = new DeploymentClock(options.clockOffsetSeconds ?? 0);
  const verifier = new TokenVerifier(providers, fetch, () => clock.now());
  const engine = await Engine.load(convexDir);
  const counters = new Counters();
  const adminKey = options.adminKey ?? randomBytes(16).toString("hex");

  const dataFile = options.dataFile ? path.resolve(options.dataFile) : null;
  const store = dataFile ? new DataFileStore(dataFile, engine, log) : null;
  if (store) {
    const restored = store.restore();
    if (restored > 0) log(`restored ${restored} documents from ${dataFile}`);
  }

  engine.onCommit(() => store?.scheduleSave());
  const hub = new QueryHub(engine, options.invalidation ?? "read-sets", log);
  const snapshot = (paused: boolean) =>
    counters.snapshot({
      paused,
      invalidation: hub.strategy,
      engine: { ...engine.stats },
      queries: hub.describe(),
      queueLength: hub.queue.length,
    });

  let paused = false;
  const sessionDeps = {
    engine,
    hub,
    verifier,
    counters,
    log,
    clock,
    pingAfterMs: options.pingAfterMs,
  };
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? 8 * 1024 * 1024,
  });

  const dropConnections = () => {
    const sessions = counters.sessions();
    for (const session of sessions) session.terminate();
    return sessions.length;
  };

  const admin = (req: IncomingMessage, res: ServerResponse, route: string) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      sendJson(res, 403, { error: "admin controls are loopback only" });
      return;
    }
    if (!sameKey(req.headers["x-admin-key"], adminKey)) {
      sendJson(res, 401, { error: "missing or wrong x-admin-key" });
      return;
    }
    const method = req.method ?? "GET";
    if (route === "counters" && method === "GET") {
      sendJson(res, 200, snapshot(paused));
    } else if (route === "drop-connections" && method === "POST") {
      sendJson(res, 200, { dropped: dropConnections() });
    } else if (route === "pause" && method === "POST") {
      paused = true;
      sendJson(res, 200, { paused, dropped: dropConnections() });
    } else if (route === "resume" && method === "POST") {
      paused = false;
      sendJson(res, 200, { paused });
    } else if (route === "reset" && method === "POST") {
      engine.reset();
      store?.save();
      sendJson(res, 200, { reset: true });
    } else if (route === "clock") {
      answerClock(clock, method, req.url ?? "", res);
    } else if (route === "reset-counters" && method === "POST") {
      counters.resetCounts();
      sendJson(res, 200, { reset: true });
    } else {
      sendJson(res, 404, {
        error: `no admin route ${method} /_admin/${route}`,
      });
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = url.pathname;
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-headers":
          "content-type, authorization, convex-client",
        "access-control-allow-methods": "GET, POST, OPTIONS",
      });
      res.end();
      return;
    }
    if (route.startsWith("/_admin/")) {
      admin(req, res, route.slice("/_admin/".length));
      return;
    }
    const kind =
      route === "/api/query"
        ? "query"
        : route === "/api/mutation"
          ? "mutation"
          : route === "/api/action"
            ? "action"
            : null;
    if (kind && req.method === "POST") {
      if (paused) {
        counters.connectionRefused();
        sendJson(res, 503, {
          code: "Paused",
          message: "backend paused (simulated outage)",
        });
        return;
      }
      const run: FunctionRunner = (kind, udfPath, args, identity) =>
        kind === "action"
          ? engine.run(kind, udfPath, args, identity)
          : hub.queue.run(() => engine.run(kind, udfPath, args, identity));
      handleFunctionCall(kind, req, res, { run, verifier, counters }).catch(
        (error: Error) => {
          log(`HTTP ${route} failed: ${error.message}`);
          if (!res.headersSent)
            sendJson(res, 500, { code: "InternalServerError" });
        },
      );
      return;
    }
    if (route === "/version" || route === "/instance_name") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(route === "/version" ? "local-convex" : "local");
      return;
    }
    sendJson(res, 404, { code: "NotFound", message: `${req.method} ${route}` });
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const route = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!SYNC_PATH.test(route) || paused) {
      if (paused) counters.connectionRefused();
      socket.end(
        paused
          ? "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n"
          : "HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n",
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new SyncSession(ws, sessionDeps);
      counters.socketOpened(session);
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      paused = true;
      dropConnections();
      store?.save();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };

  return {
    url,
    port,
    adminKey,
    dataFile,
    engine,
    hub,
    clock,
    counters: () => snapshot(paused),
    dropConnections,
    pause: () => {
      paused = true;
      dropConnections();
    },
    resume: () => {
      paused = false;
    },
    resetData: () => {
      engine.reset();
      store?.save();
    },
    close,
  };
}
