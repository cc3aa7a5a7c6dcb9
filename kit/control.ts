/**
 * The kit's control endpoint on loopback, for scripts and test suites:
 *
 *   GET  /                             which pieces run, their URLs and clocks (503 until the env is written)
 *   POST /<piece>/restart[?downMs=N]   restart a stand-in (data kept), N ms after it stopped
 *   POST /<piece>/stop                 take it away: its port refuses connections
 *   POST /<piece>/start                bring a stopped one back on the same port and data
 *   GET  /clock                        each stand-in's clock offset, and whether they agree
 *   POST /clock/jump?seconds=N         every stand-in's clock N s forward
 *   POST /clock/offset?piece=P&seconds=N   one stand-in's clock N s from the machine's (skew)
 *
 * `<piece>` is `clerk` or `convex`.
 *
 * It has no key, so it also refuses what a web page could send it: requests
 * whose Host is not loopback (DNS rebinding) or whose Origin is another site.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { KitError } from "./errors";
import type { ClockReading } from "./clock";
import type { PieceName } from "./piece";

export type PieceAction = "restart" | "stop" | "start";

export type ControlHandlers = {
  /** False until the env is written: scripts wait for GET / to answer 200. */
  ready(): boolean;
  status(): unknown;
  piece(name: PieceName, action: PieceAction, downMs: number): Promise<unknown>;
  clock: {
    reading(): ClockReading;
    jump(seconds: number): Promise<ClockReading>;
    set(name: PieceName, seconds: number): Promise<ClockReading>;
  };
};

/** The longest outage a restart may ask for. */
export const MAX_DOWN_MS = 600_000;

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
    const url = new URL(req.url ?? "/", "http://localhost");
    const pathname = url.pathname;
    const answer = (work: Promise<unknown>) =>
      work.then(
        (result) => reply(200, result),
        (error: unknown) =>
          reply(error instanceof RangeError ? 400 : 500, {
            error: error instanceof Error ? error.message : String(error),
          }),
      );
    if (pathname === "/" || pathname === "/clock") {
      if (req.method !== "GET")
        return reply(405, { error: `Read it with GET ${pathname}.` });
      return reply(
        200,
        pathname === "/" ? handlers.status() : handlers.clock.reading(),
      );
    }
    const clockMatch = /^\/clock\/(jump|offset)$/.exec(pathname);
    if (clockMatch) {
      if (req.method !== "POST")
        return reply(405, { error: `Move the clock with POST ${pathname}.` });
      const seconds = wholeNumber(url.searchParams.get("seconds"));
      if (seconds === null)
        return reply(400, { error: "seconds must be a whole number." });
      if (clockMatch[1] === "jump")
        return void answer(handlers.clock.jump(seconds));
      const piece = url.searchParams.get("piece");
      if (piece !== "clerk" && piece !== "convex")
        return reply(400, { error: "piece must be clerk or convex." });
      return void answer(handlers.clock.set(piece, seconds));
    }
    const match = /^\/(clerk|convex)\/(restart|stop|start)$/.exec(pathname);
    if (!match)
      return reply(404, {
        error:
          "Use GET /, GET /clock, POST /clock/jump, POST /clock/offset, or POST /clerk or /convex with /restart, /stop or /start.",
      });
    if (req.method !== "POST")
      return reply(405, { error: `Use POST ${pathname}.` });
    const downMs = wholeNumber(url.searchParams.get("downMs") ?? "0");
    if (downMs === null || downMs < 0 || downMs > MAX_DOWN_MS)
      return reply(400, {
        error: `downMs must be a whole number from 0 to ${MAX_DOWN_MS}.`,
      });
    void answer(
      handlers.piece(match[1] as PieceName, match[2] as PieceAction, downMs),
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

/** A whole number from a query parameter, or null (absent, empty, fractional, huge). */
function wholeNumber(text: string | null): number | null {
  if (text === null || !/^-?\d{1,9}$/.test(text)) return null;
  return Number(text);
}
