/**
 * The kit's control endpoint on loopback, for scripts and test suites:
 *
 *   GET  /                 which pieces run, and their URLs (503 until the env is written)
 *   POST /clerk/restart    restart the Clerk stand-in (data kept)
 *   POST /convex/restart   restart the Convex stand-in (data kept)
 *
 * It has no key, so it also refuses what a web page could send it: requests
 * whose Host is not loopback (DNS rebinding) or whose Origin is another site.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { KitError } from "./errors";
import type { PieceName } from "./piece";

export type ControlHandlers = {
  /** False until the env is written: scripts wait for GET / to answer 200. */
  ready(): boolean;
  status(): unknown;
  restart(name: PieceName): Promise<unknown>;
};

export type ControlServer = { url: string; close(): Promise<void> };

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

function fromThisMachine(req: IncomingMessage): boolean {
  if (!LOOPBACK_HOST.test(req.headers.host ?? "")) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return LOOPBACK_HOST.test(new URL(origin).host);
  } catch {
    return false;
  }
}

export async function startControlServer(
  port: number,
  handlers: ControlHandlers,
): Promise<ControlServer> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(`${JSON.stringify(body)}\n`);
    };
    if (!fromThisMachine(req))
      return reply(403, {
        error: "The kit's control endpoint answers only this machine.",
      });
    if (!handlers.ready())
      return reply(503, { ready: false, error: "The kit is starting." });
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname === "/") {
      if (req.method !== "GET")
        return reply(405, { error: "Read the status with GET /." });
      return reply(200, handlers.status());
    }
    const match = /^\/(clerk|convex)\/restart$/.exec(pathname);
    if (!match)
      return reply(404, {
        error: "Use GET /, POST /clerk/restart or POST /convex/restart.",
      });
    if (req.method !== "POST")
      return reply(405, { error: `Restart with POST ${pathname}.` });
    handlers.restart(match[1] as PieceName).then(
      (result) => reply(200, result),
      (error: unknown) =>
        reply(500, {
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new KitError(
          error.code === "EADDRINUSE"
            ? `The control endpoint cannot listen on 127.0.0.1:${port} because the port is in use; pick another --control-port.`
            : `The control endpoint cannot listen on 127.0.0.1:${port}: ${error.message}.`,
        ),
      ),
    );
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
