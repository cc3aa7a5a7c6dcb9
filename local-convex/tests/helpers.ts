import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import WebSocket from "ws";
import {
  startLocalConvex,
  type LocalConvex,
  type LocalConvexOptions,
} from "../server";
import {
  startFixtureConvex,
  startIssuer,
  type TestIssuer,
} from "../testing/fixture";

export * from "../testing/fixture";

/**
 * Starts an issuer and a fixture Convex stand-in before this file's tests and stops
 * both after them. Read `issuer` and `convex` from the result inside tests.
 */
export function fixtureConvexForFile(
  options: Partial<LocalConvexOptions> = {},
) {
  const stack = {} as { issuer: TestIssuer; convex: LocalConvex };
  beforeAll(async () => {
    stack.issuer = await startIssuer();
    stack.convex = await startFixtureConvex(stack.issuer, options);
  });
  afterAll(async () => {
    await stack.convex?.close();
    await stack.issuer?.close();
  });
  return stack;
}

export type Frame = Record<string, unknown> & { type: string };

/** A bare protocol socket that records every frame and how it closed. */
export async function rawSocket(url: string) {
  const ws = new WebSocket(`${url.replace("http", "ws")}/api/1.48.0/sync`);
  const frames: Frame[] = [];
  let closeCode: number | null = null;
  let closeReason = "";
  ws.on("message", (data) => frames.push(JSON.parse(String(data)) as Frame));
  ws.on("close", (code, reason) => {
    closeCode = code;
    closeReason = String(reason);
  });
  ws.on("error", () => {});
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const send = (message: unknown) => ws.send(JSON.stringify(message));
  send({
    type: "Connect",
    sessionId: randomUUID(),
    connectionCount: 0,
    lastCloseReason: null,
    clientTs: Date.now(),
  });
  return {
    ws,
    frames,
    send,
    closeCode: () => closeCode,
    closeReason: () => closeReason,
  };
}

/**
 * Like `fixtureConvexForFile`, but serving the app's own `convex/` folder and
 * `auth.config.ts`, as `npm run dev` loads them.
 */
export function appConvexForFile() {
  const stack = {} as { issuer: TestIssuer; convex: LocalConvex };
  beforeAll(async () => {
    stack.issuer = await startIssuer();
    stack.convex = await startLocalConvex({
      port: 0,
      convexDir: path.join(process.cwd(), "convex"),
      env: { CLERK_JWT_ISSUER_DOMAIN: stack.issuer.issuer },
      dataFile: null,
      log: () => {},
    });
  });
  afterAll(async () => {
    await stack.convex?.close();
    await stack.issuer?.close();
  });
  return stack;
}
