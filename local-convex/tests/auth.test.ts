import { randomUUID } from "node:crypto";
import { makeFunctionReference } from "convex/server";
import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  EXPIRED_IDENTITY_MESSAGE,
  NO_PROVIDER_MESSAGE,
  OIDC_VERIFY_MESSAGE,
  TokenRejectedError,
  TokenVerifier,
} from "../auth";
import {
  fixtureConvexForFile,
  list,
  newClient,
  recordingLogger,
  send,
  waitFor,
  whoami,
  type FixtureIdentity,
} from "./helpers";

const base64url = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString("base64url");

const stack = fixtureConvexForFile();

/** Token factories for every way a token must be refused. */
function badTokens(): Record<string, () => Promise<string>> {
  const now = Math.floor(Date.now() / 1000);
  return {
    "wrong issuer": () =>
      stack.issuer.mint({ iss: "http://127.0.0.1:1/other" }),
    "wrong audience": () => stack.issuer.mint({ aud: "not-convex" }),
    expired: () =>
      stack.issuer.mint({ iatOffsetSeconds: -120, ttlSeconds: 60 }),
    "alg none": async () =>
      `${base64url({ alg: "none", typ: "JWT", kid: stack.issuer.kid })}.${base64url(
        {
          iss: stack.issuer.issuer,
          aud: "convex",
          sub: "intruder",
          iat: now,
          exp: now + 60,
          jti: randomUUID(),
        },
      )}.`,
    "HS256 signed with the public key": () =>
      new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: "HS256", kid: stack.issuer.kid })
        .setIssuer(stack.issuer.issuer)
        .setAudience("convex")
        .setSubject("intruder")
        .setIssuedAt()
        .setExpirationTime("1m")
        .sign(new TextEncoder().encode(JSON.stringify(stack.issuer.publicJwk))),
    "missing sub": () => stack.issuer.mint({ sub: null }),
    "unknown kid": () => stack.issuer.mint({ kid: "no-such-key" }),
    "aud array naming another audience": () =>
      stack.issuer.mint({ aud: ["convex", "another-app"] }),
    "signed by another key": async () => {
      const other = await generateKeyPair("RS256");
      return new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: "RS256", kid: stack.issuer.kid })
        .setIssuer(stack.issuer.issuer)
        .setAudience("convex")
        .setSubject("intruder")
        .setIssuedAt()
        .setExpirationTime("1m")
        .sign(other.privateKey);
    },
  };
}

describe("token validation like a deployment", () => {
  it("accepts a good token and maps claims to the UserIdentity fields", async () => {
    const verifier = new TokenVerifier([
      { domain: stack.issuer.issuer, applicationID: "convex" },
    ]);
    const token = await stack.issuer.mint({
      sub: "u-42",
      claims: { given_name: "Ada", picture: "http://x/p.png", role: "teacher" },
    });
    const { identity } = await verifier.verify(token);
    expect(identity).toMatchObject({
      tokenIdentifier: `${stack.issuer.issuer}|u-42`,
      subject: "u-42",
      issuer: stack.issuer.issuer,
      name: "Test User",
      email: "test@example.com",
      givenName: "Ada",
      pictureUrl: "http://x/p.png",
      role: "teacher",
    });
    expect(identity).not.toHaveProperty("exp");
  });

  it("refuses every bad token with the deployment's messages", async () => {
    const verifier = new TokenVerifier([
      { domain: stack.issuer.issuer, applicationID: "convex" },
    ]);
    for (const [name, make] of Object.entries(badTokens())) {
      const error = await verifier
        .verify(await make())
        .catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(TokenRejectedError);
      const expected =
        name === "wrong issuer" || name === "wrong audience"
          ? NO_PROVIDER_MESSAGE
          : OIDC_VERIFY_MESSAGE;
      expect((error as Error).message, name).toBe(expected);
    }
  });

  it("supports customJwt providers with a data: JWKS and 5 s skew", async () => {
    const jwks = `data:text/plain;charset=utf-8;base64,${Buffer.from(
      JSON.stringify({ keys: [stack.issuer.publicJwk] }),
    ).toString("base64")}`;
    const verifier = new TokenVerifier([
      {
        type: "customJwt",
        issuer: "https://custom.example",
        jwks,
        algorithm: "RS256",
      },
    ]);
    const fresh = await stack.issuer.mint({
      iss: "https://custom.example",
      aud: "anything",
    });
    expect((await verifier.verify(fresh)).identity.tokenIdentifier).toBe(
      "https://custom.example|user-1",
    );
    // Expired 2 s ago: inside the 5 s skew a customJwt provider allows.
    const justExpired = await stack.issuer.mint({
      iss: "https://custom.example",
      iatOffsetSeconds: -62,
      ttlSeconds: 60,
    });
    await expect(verifier.verify(justExpired)).resolves.toBeTruthy();
    const longExpired = await stack.issuer.mint({
      iss: "https://custom.example",
      iatOffsetSeconds: -70,
      ttlSeconds: 60,
    });
    await expect(verifier.verify(longExpired)).rejects.toThrow(
      TokenRejectedError,
    );
  });

  it("caches discovery and JWKS across tokens", async () => {
    const before = stack.issuer.discoveryRequests();
    const verifier = new TokenVerifier([
      { domain: stack.issuer.issuer, applicationID: "convex" },
    ]);
    for (let i = 0; i < 5; i += 1)
      await verifier.verify(await stack.issuer.mint());
    expect(stack.issuer.discoveryRequests() - before).toBe(1);
  });
});

describe("a deployment's claim rules, through the real client", () => {
  /** Signs a client in with one token factory; resolves with what it saw. */
  async function signIn(mint: () => Promise<string>) {
    const { logger, lines } = recordingLogger();
    const client = newClient(stack.convex.url, { logger });
    const seen: FixtureIdentity[] = [];
    const changes: boolean[] = [];
    client.onUpdate(whoami, {}, (value) => seen.push(value));
    client.setAuth(mint, (ok) => changes.push(ok));
    await waitFor(() => changes.length > 0, {
      what: "auth decision",
      timeoutMs: 20_000,
    });
    return { client, seen, changes, lines };
  }

  it("accepts a token whose nbf lies in the future", async () => {
    const { client, seen, changes } = await signIn(() =>
      stack.issuer.mint({ sub: "early", nbfOffsetSeconds: 300 }),
    );
    try {
      expect(changes[0]).toBe(true);
      await waitFor(() => seen.at(-1)?.subject === "early");
    } finally {
      await client.close();
    }
  });

  it("accepts aud [applicationID] and rejects an array with more audiences", async () => {
    const good = await signIn(() =>
      stack.issuer.mint({ sub: "one-aud", aud: ["convex"] }),
    );
    const bad = await signIn(() =>
      stack.issuer.mint({ sub: "two-aud", aud: ["convex", "another-app"] }),
    );
    try {
      expect(good.changes[0]).toBe(true);
      expect(bad.changes).toEqual([false]);
      expect(
        bad.lines.some(
          (line) =>
            line.level === "error" &&
            line.text.includes(
              `Failed to authenticate: "${OIDC_VERIFY_MESSAGE}"`,
            ),
        ),
      ).toBe(true);
      // The server closed every socket that sent the rejected tokens (the
      // raw-socket test in protocol.test.ts checks the frame has no status code).
      expect(
        stack.convex
          .counters()
          .sockets.filter((socket) => socket.identity?.subject === "two-aud"),
      ).toEqual([]);
    } finally {
      await good.client.close();
      await bad.client.close();
    }
  }, 30_000);

  it("leaves jti, nbf and fva out of the identity, so refreshed tokens share one query", async () => {
    const identity = makeFunctionReference<
      "query",
      Record<string, never>,
      Record<string, unknown> | null
    >("messages:identity");
    const mint = (fva: number[]) => () =>
      stack.issuer.mint({
        sub: "same-person",
        nbfOffsetSeconds: -fva[0]!,
        claims: { fva, role: "teacher" },
      });
    const first = newClient(stack.convex.url);
    const second = newClient(stack.convex.url);
    try {
      const a: Array<Record<string, unknown> | null> = [];
      const b: Array<Record<string, unknown> | null> = [];
      first.setAuth(mint([1, 2]));
      second.setAuth(mint([7, 8]));
      first.onUpdate(identity, {}, (value) => a.push(value));
      second.onUpdate(identity, {}, (value) => b.push(value));
      await waitFor(() => a.at(-1) && b.at(-1), { what: "both identities" });
      expect(a.at(-1)).toMatchObject({
        subject: "same-person",
        role: "teacher",
      });
      for (const claim of ["jti", "nbf", "fva", "iat", "exp", "aud"]) {
        expect(a.at(-1), claim).not.toHaveProperty(claim);
      }
      expect(b.at(-1)).toEqual(a.at(-1));
      const groups = stack.convex.hub
        .groupsOf("messages:identity")
        .filter((group) => group.identity?.subject === "same-person");
      expect(groups).toHaveLength(1);
      expect(groups[0]!.subscribers.size).toBe(2);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe("authentication over the sync socket", () => {
  it("an accepted token bumps the identity version and re-runs subscriptions", async () => {
    const client = newClient(stack.convex.url);
    try {
      const seen: FixtureIdentity[] = [];
      client.onUpdate(whoami, {}, (value) => seen.push(value));
      await waitFor(() => seen.length === 1, { what: "anonymous result" });
      expect(seen[0]).toBeNull();
      const changes: boolean[] = [];
      client.setAuth(
        () => stack.issuer.mint({ sub: "alice", claims: { role: "admin" } }),
        (isAuthenticated) => changes.push(isAuthenticated),
      );
      await waitFor(() => seen.at(-1)?.subject === "alice", { what: "re-run" });
      expect(seen.at(-1)).toMatchObject({
        tokenIdentifier: `${stack.issuer.issuer}|alice`,
        role: "admin",
      });
      expect(changes).toContain(true);
      const socket = stack.convex
        .counters()
        .sockets.find((s) => s.identity?.subject === "alice");
      // Cached token, then the client's immediate forced refetch.
      expect(socket?.identityVersion).toBeGreaterThanOrEqual(1);
    } finally {
      await client.close();
    }
  });

  it("every rejected token ends unauthenticated through the real client", async () => {
    const acceptedBefore = stack.convex.counters().authAccepted;
    const rejectedBefore = stack.convex.counters().authRejected;
    const results = await Promise.all(
      Object.entries(badTokens()).map(async ([name, make]) => {
        const client = newClient(stack.convex.url, {
          logger: recordingLogger().logger,
        });
        try {
          const seen: FixtureIdentity[] = [];
          client.onUpdate(whoami, {}, (value) => seen.push(value));
          const changes: boolean[] = [];
          client.setAuth(make, (ok) => changes.push(ok));
          await waitFor(() => changes.includes(false), {
            what: `${name} to end unauthenticated`,
            timeoutMs: 20_000,
          });
          await waitFor(() => seen.length > 0, {
            what: `${name} query result`,
          });
          return { name, changes, last: seen.at(-1) };
        } finally {
          await client.close();
        }
      }),
    );
    for (const { name, changes, last } of results) {
      expect(changes, name).not.toContain(true);
      expect(last, name).toBeNull();
    }
    expect(stack.convex.counters().authAccepted).toBe(acceptedBefore);
    expect(
      stack.convex.counters().authRejected - rejectedBefore,
    ).toBeGreaterThanOrEqual(results.length);
  }, 30_000);
});

describe("token lifetimes (real timers)", () => {
  it("refreshes at exp - iat - 10 s after acceptance; survives expiry mid-session; identical token stops refreshing", async () => {
    // The three timing scenarios run side by side to keep the suite short.
    await Promise.all([
      refreshTiming(13),
      refreshTiming(14),
      expiryMidSession(),
      identicalToken(),
    ]);
  }, 40_000);
});

/** Measures when the client's scheduled forced refetch lands after the server confirmed a fresh token. */
async function refreshTiming(ttlSeconds: number) {
  const { logger, lines } = recordingLogger();
  const client = newClient(stack.convex.url, { logger });
  const fetches: Array<{ at: number; force: boolean }> = [];
  try {
    client.onUpdate(whoami, {}, () => {});
    client.setAuth(async ({ forceRefreshToken }) => {
      fetches.push({ at: Date.now(), force: forceRefreshToken });
      return stack.issuer.mint({ sub: `timing-${ttlSeconds}`, ttlSeconds });
    });
    const confirmed = await waitFor(
      () =>
        lines.find((line) =>
          line.text.includes("server confirmed new auth token is valid"),
        ),
      { what: "fresh token confirmed" },
    );
    const scheduled = fetches.filter((f) => f.force && f.at > confirmed.at);
    expect(scheduled).toHaveLength(0);
    const refresh = await waitFor(
      () => fetches.find((f) => f.force && f.at > confirmed.at),
      { what: "scheduled refresh", timeoutMs: (ttlSeconds - 10 + 3) * 1000 },
    );
    const delay = refresh.at - confirmed.at;
    expect(Math.abs(delay - (ttlSeconds - 10) * 1000)).toBeLessThanOrEqual(
      1000,
    );
    // The sequence: cached fetch, immediate forced fetch, scheduled forced fetch.
    expect(fetches.map((f) => f.force)).toEqual([false, true, true]);
    // The refreshed token is accepted too.
    await waitFor(
      () =>
        lines.filter((line) =>
          line.text.includes("server confirmed new auth token is valid"),
        ).length >= 2,
      { what: "refreshed token confirmed" },
    );
  } finally {
    await client.close();
  }
}

/**
 * A token whose `iat` lies in the past looks long-lived to the client (so it
 * schedules no early refresh) but expires in 2 s: the next piece of work on the
 * socket finds it expired.
 */
async function expiryMidSession() {
  const { logger, lines } = recordingLogger();
  const client = newClient(stack.convex.url, { logger });
  const channel = `expiry-${randomUUID()}`;
  let fetchCount = 0;
  try {
    const rows: unknown[][] = [];
    client.onUpdate(list, { channel }, (value) => rows.push(value));
    client.setAuth(async () => {
      fetchCount += 1;
      // First two fetches (cached + immediate forced) get the short-lived token.
      return fetchCount <= 2
        ? stack.issuer.mint({
            sub: "expiring",
            iatOffsetSeconds: -100,
            ttlSeconds: 102,
          })
        : stack.issuer.mint({ sub: "expiring", ttlSeconds: 60 });
    });
    await waitFor(
      () =>
        stack.convex
          .counters()
          .sockets.some((s) => s.identity?.subject === "expiring"),
      { what: "authenticated" },
    );
    const expiredBefore = stack.convex.counters().authExpired;
    await waitFor(
      () =>
        stack.convex
          .counters()
          .sockets.some(
            (s) => s.identity?.subject === "expiring" && s.identity.expired,
          ),
      { what: "token expiry", timeoutMs: 5_000 },
    );
    // The idle socket stays open with its expired identity.
    const opened = stack.convex.counters().connectionsOpened;
    const results = await Promise.all([
      client.mutation(send, { channel, body: "one" }),
      client.mutation(send, { channel, body: "two" }),
      client.mutation(send, { channel, body: "three" }),
    ]);
    expect(new Set(results).size).toBe(3);
    expect(stack.convex.counters().authExpired).toBeGreaterThan(expiredBefore);
    expect(stack.convex.counters().connectionsOpened).toBeGreaterThan(opened);
    expect(
      lines.some((line) =>
        line.text.includes(
          `attempting to reauthenticate: ${EXPIRED_IDENTITY_MESSAGE}`,
        ),
      ),
    ).toBe(true);
    await waitFor(() => rows.at(-1)?.length === 3, { what: "all three rows" });
    expect(
      (rows.at(-1) as Array<{ author: string }>).every(
        (r) => r.author === "expiring",
      ),
    ).toBe(true);
  } finally {
    await client.close();
  }
}

/** Client behaviour the identity provider must avoid: returning the same token string on a forced refresh. */
async function identicalToken() {
  const token = await stack.issuer.mint({ sub: "same-token", ttlSeconds: 12 });
  const fetches: boolean[] = [];
  const client = newClient(stack.convex.url, {
    logger: recordingLogger().logger,
  });
  try {
    client.onUpdate(whoami, {}, () => {});
    client.setAuth(async ({ forceRefreshToken }) => {
      fetches.push(forceRefreshToken);
      return token;
    });
    await waitFor(() => fetches.length >= 2, { what: "forced refetch" });
    // The forced refetch returned the same string: the client gives up
    // refreshing. Nothing is fetched again, although the token is 12 s long
    // and a refresh would be due ~2 s after acceptance.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(fetches).toEqual([false, true]);
  } finally {
    await client.close();
  }
}
