import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import WebSocket from "ws";
import {
  startLocalConvex,
  type LocalConvex,
  type LocalConvexOptions,
} from "../server";

export const FIXTURE_CONVEX_DIR = path.join(
  __dirname,
  "..",
  "tests",
  "fixtures",
  "convex",
);

/** A row of the fixture's `messages` table. */
export type FixtureMessage = {
  _id: string;
  _creationTime: number;
  channel: string;
  body: string;
  author: string;
};

/** What the fixture's `messages:whoami` returns. */
export type FixtureIdentity = {
  subject: string;
  issuer: string;
  tokenIdentifier: string;
  name: string | null;
  email: string | null;
  role: string | null;
} | null;

/** The fixture functions most files call (fixtures/convex/messages.ts). */
export const list = makeFunctionReference<
  "query",
  { channel: string },
  FixtureMessage[]
>("messages:list");
export const whoami = makeFunctionReference<
  "query",
  Record<string, never>,
  FixtureIdentity
>("messages:whoami");
export const send = makeFunctionReference<
  "mutation",
  { channel: string; body: string },
  string
>("messages:send");

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export type MintOptions = {
  sub?: string | null;
  ttlSeconds?: number;
  /** Issued-at offset from now, in seconds (negative = in the past). */
  iatOffsetSeconds?: number;
  nbfOffsetSeconds?: number;
  aud?: string | string[];
  iss?: string;
  kid?: string;
  claims?: Record<string, unknown>;
};

/** A tiny OIDC issuer: discovery document, JWKS and RS256 token minting. */
export type TestIssuer = {
  issuer: string;
  kid: string;
  publicJwk: JWK;
  privateKey: KeyPair["privateKey"];
  discoveryRequests: () => number;
  jwksRequests: () => number;
  mint: (options?: MintOptions) => Promise<string>;
  close: () => Promise<void>;
};

export async function startIssuer(): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", {
    extractable: true,
  });
  const kid = `test-key-${randomUUID().slice(0, 8)}`;
  const publicJwk = {
    ...(await exportJWK(publicKey)),
    kid,
    alg: "RS256",
    use: "sig",
  };
  let discovery = 0;
  let jwks = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      discovery += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === "/jwks") {
      jwks += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const mint = async (options: MintOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const iat = now + (options.iatOffsetSeconds ?? 0);
    const ttl = options.ttlSeconds ?? 60;
    const payload: Record<string, unknown> = {
      name: "Test User",
      email: "test@example.com",
      ...options.claims,
      // A unique jti keeps two tokens with the same claims distinct.
      jti: randomUUID(),
    };
    if (options.nbfOffsetSeconds !== undefined) {
      payload.nbf = now + options.nbfOffsetSeconds;
    }
    let jwt = new SignJWT(payload)
      .setProtectedHeader({ alg: "RS256", kid: options.kid ?? kid, typ: "JWT" })
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? "convex")
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl);
    if (options.sub !== null) jwt = jwt.setSubject(options.sub ?? "user-1");
    return jwt.sign(privateKey);
  };

  return {
    issuer,
    kid,
    publicJwk,
    privateKey,
    discoveryRequests: () => discovery,
    jwksRequests: () => jwks,
    mint,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startFixtureConvex(
  issuer: Pick<TestIssuer, "issuer">,
  options: Partial<LocalConvexOptions> = {},
): Promise<LocalConvex> {
  return startLocalConvex({
    port: 0,
    convexDir: FIXTURE_CONVEX_DIR,
    env: { TEST_OIDC_ISSUER: issuer.issuer, ...options.env },
    dataFile: null,
    adminKey: "test-admin-key",
    log: () => {},
    ...options,
  });
}

/** The browser client over the `ws` package (Node 20 has no global WebSocket). */
export function newClient(
  url: string,
  options: { verbose?: boolean; logger?: Logger } = {},
) {
  return new ConvexClient(url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    unsavedChangesWarning: false,
    ...(options.verbose ? { verbose: true } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

export type Logger = {
  logVerbose: (...args: unknown[]) => void;
  log: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
};

/** A client logger that records every line (with a timestamp) instead of printing. */
export function recordingLogger() {
  const lines: Array<{ at: number; level: string; text: string }> = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push({
        at: Date.now(),
        level,
        text: args
          .map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg)))
          .join(" "),
      });
  const logger: Logger = {
    logVerbose: record("verbose"),
    log: record("log"),
    warn: record("warn"),
    error: record("error"),
  };
  return { logger, lines };
}

export async function waitFor<T>(
  check: () =>
    T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 10_000, intervalMs = 25, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function admin(
  convex: LocalConvex,
  route: string,
  method: "GET" | "POST" = "POST",
) {
  const response = await fetch(`${convex.url}/_admin/${route}`, {
    method,
    headers: { "x-admin-key": convex.adminKey },
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}
