import { describe, expect, it } from "vitest";
import {
  expiredTime,
  laneSoakMetrics,
  type LaneSoakInput,
} from "@/bench/app/laneMetrics";
import {
  authenticateExchanges,
  jwtsIn,
  queryRoundTrips,
  summariseWire,
  type HttpExchange,
  type WsFrame,
} from "@/bench/app/wireMetrics";
import { fakeJwt } from "./fixtures";

const counters = {
  fetches: 4,
  forcedFetches: 3,
  identicalTokens: 0,
  emptyFetches: 0,
  acceptances: 4,
  pingAttempts: 10,
  pingSuccesses: 10,
  pingFailures: 0,
  authFailures: 0,
  reconnects: 0,
  disconnects: 0,
};

function fetchRecord(
  callId: number,
  startedAt: number,
  force: boolean,
  changed = true,
) {
  return {
    callId,
    startedAt,
    finishedAt: startedAt + 20,
    force,
    source: "useAuth-getToken" as const,
    outcome: "token" as const,
    claims: null,
    changed,
    error: null,
  };
}

/** Claims of a 13 s token issued at `iat` (seconds). */
const claims = (iat: number) => ({
  iat,
  exp: iat + 13,
  jti: `j${iat}`,
  sub: "user_1",
  orgId: null,
  tail: "abcdefg",
});

// Times in ms from an epoch start of 1_000_000 s, so `iat` (s) and `at` (ms) share a clock.
const T = 1_000_000_000;

describe("lane soak metrics", () => {
  const healthy: LaneSoakInput = {
    id: "official",
    counters,
    isAuthenticated: true,
    refreshStopped: false,
    endAt: T + 9_500,
    fetches: [
      fetchRecord(1, T + 0, false),
      fetchRecord(2, T + 100, true),
      fetchRecord(3, T + 3_150, true),
      fetchRecord(4, T + 6_200, true),
    ],
    acceptances: [
      {
        at: T + 50,
        kind: "cached",
        claims: claims(999_999),
        predictedNextAt: T + 50,
        measuredNextAt: T + 100,
      },
      {
        at: T + 150,
        kind: "fresh",
        claims: claims(1_000_000),
        predictedNextAt: T + 3_150,
        measuredNextAt: T + 3_150,
      },
      {
        at: T + 3_200,
        kind: "fresh",
        claims: claims(1_000_003),
        predictedNextAt: T + 6_200,
        measuredNextAt: T + 6_200,
      },
      {
        at: T + 6_260,
        kind: "fresh",
        claims: claims(1_000_006),
        predictedNextAt: T + 9_260,
        measuredNextAt: null,
      },
    ],
  };

  it("counts cycles and fetches per cycle, and times each refresh by the held token's age", () => {
    const metrics = laneSoakMetrics(healthy);
    expect(metrics.refreshCycles).toBe(3);
    expect(metrics.fetchesPerCycle).toBe(1);
    // The initial refetch (after the cached acceptance) is left out; the two
    // scheduled refreshes came 3.15 s and 3.2 s after their tokens' iat.
    expect(metrics.refreshAgeSamples).toBe(2);
    expect(metrics.refreshAgeMedianSeconds).toBeCloseTo(3.175, 5);
    expect(metrics.refreshAgeMaxSeconds).toBeCloseTo(3.2, 5);
    expect(metrics.lifetimeSeconds).toBe(13);
    expect(metrics.expiredSeconds).toBe(0);
    // Fetch start to confirmation: 50, 50, 60 ms.
    expect(metrics.swapMaxMs).toBe(60);
    expect(metrics.swapMeanMs).toBeCloseTo(53.33, 1);
    expect(metrics.fetchMeanMs).toBe(20);
  });

  it("shows a design that refreshes late: token age at or past the lifetime and time expired", () => {
    const late: LaneSoakInput = {
      ...healthy,
      endAt: T + 40_000,
      fetches: [fetchRecord(1, T, false), fetchRecord(2, T + 15_000, true)],
      acceptances: [
        {
          at: T + 50,
          kind: "fresh",
          claims: claims(1_000_000),
          predictedNextAt: null,
          measuredNextAt: T + 15_000,
        },
        {
          at: T + 15_100,
          kind: "fresh",
          claims: claims(1_000_015),
          predictedNextAt: null,
          measuredNextAt: null,
        },
      ],
    };
    const metrics = laneSoakMetrics(late);
    expect(metrics.refreshAgeMaxSeconds).toBe(15);
    // 13 s → 15.1 s on the first token, 28 s → 40 s on the second.
    expect(metrics.expiredSeconds).toBeCloseTo(2.1 + 12, 5);
    expect(metrics.expiredStretches).toBe(2);
  });

  it("reports no cycles for a lane whose forced fetches return the same token", () => {
    const lane: LaneSoakInput = {
      id: "svelte-static",
      counters: { ...counters, identicalTokens: 1, pingFailures: 4 },
      isAuthenticated: false,
      refreshStopped: true,
      endAt: T + 30_000,
      fetches: [fetchRecord(1, T, false), fetchRecord(2, T + 100, true, false)],
      acceptances: [
        {
          at: T + 50,
          kind: "cached",
          claims: claims(1_000_000),
          predictedNextAt: T + 50,
          measuredNextAt: T + 100,
        },
      ],
    };
    const metrics = laneSoakMetrics(lane);
    expect(metrics.refreshCycles).toBe(0);
    expect(metrics.fetchesPerCycle).toBeNull();
    expect(metrics.refreshAgeSamples).toBe(0);
    expect(metrics.swapMeanMs).toBeNull();
    expect(metrics.expiredSeconds).toBe(17);
    expect(metrics.refreshStopped).toBe(true);
    expect(metrics.pingErrors).toEqual([]);
    const withHistory = laneSoakMetrics({
      ...lane,
      history: [
        { at: T - 1_050, tone: "bad", text: "ping failed: Unauthenticated" },
        { at: T + 1_000, tone: "bad", text: "ping failed: Unauthenticated" },
        { at: T + 14_050, tone: "bad", text: "ping failed: Unauthenticated" },
        { at: T + 16_050, tone: "bad", text: "ping failed: Unauthenticated" },
        { at: T + 16_500, tone: "warn", text: "clearAuth()" },
      ],
    });
    expect(withHistory.pingErrors).toEqual(["Unauthenticated"]);
    // Two failures came by 1 s after the first confirmed token (at T + 50):
    // queries sent before it, at start-up, not at expiry.
    expect(withHistory.pingFailureOffsets).toEqual([-1.1, 1, 14, 16]);
    expect(withHistory.pingFailuresBeforeAuth).toBe(2);
    expect(withHistory.pingFailures).toBe(2);
  });

  it("counts no expired time for tokens without an exp, and none past the end", () => {
    expect(
      expiredTime(
        [
          {
            at: T,
            kind: "fresh",
            claims: null,
            predictedNextAt: null,
            measuredNextAt: null,
          },
        ],
        T + 60_000,
      ),
    ).toEqual({ seconds: 0, stretches: 0 });
  });
});

function frame(
  socketId: string,
  direction: WsFrame["direction"],
  at: number,
  message: object,
): WsFrame {
  const payload = JSON.stringify(message);
  return { socketId, direction, at, bytes: payload.length, payload };
}

const transition = (
  from: number,
  to: number,
  modifications: object[] = [],
) => ({
  type: "Transition",
  startVersion: { querySet: 0, identity: from, ts: "AAAAAAAAAAA=" },
  endVersion: { querySet: 0, identity: to, ts: "AAAAAAAAAAA=" },
  modifications,
});

const authenticate = (value: string) => ({
  type: "Authenticate",
  tokenType: "User",
  baseVersion: 0,
  value,
});

function tokenRequest(
  startedAt: number,
  token: string,
  requestBytes = 400,
): HttpExchange {
  return {
    url: "http://localhost:4702/__clerk/v1/client/sessions/sess_1/tokens",
    method: "POST",
    startedAt,
    finishedAt: startedAt + 0.02,
    requestBytes,
    responseBytes: 1100,
    status: 200,
    body: JSON.stringify({ object: "token", jwt: token }),
  };
}

describe("wire metrics", () => {
  const a0 = fakeJwt({ iat: 100, exp: 113, jti: "a0" });
  const a1 = fakeJwt({ iat: 103, exp: 116, jti: "a1" });
  const b0 = fakeJwt({ iat: 100, exp: 113, jti: "b0" });
  const b1 = fakeJwt({ iat: 103, exp: 116, jti: "b1" });
  const orphan = fakeJwt({ iat: 104, exp: 117, jti: "bg" });

  // Two sockets on one page (the lane's and the app's own), each refreshing once
  // with a token from its own request; one more token is fetched and never sent.
  const frames: WsFrame[] = [
    frame("s1", "sent", 1, authenticate(a0)),
    frame("s1", "received", 1.01, transition(0, 1)),
    frame("s2", "sent", 1.02, authenticate(b0)),
    frame("s2", "received", 1.03, transition(0, 1)),
    frame("s1", "sent", 10, authenticate(a1)),
    frame("s1", "sent", 10.01, {
      type: "ModifyQuerySet",
      modifications: [{ type: "Add", queryId: 7, udfPath: "authQueries:ping" }],
    }),
    frame(
      "s1",
      "received",
      10.03,
      transition(1, 1, [{ type: "QueryUpdated", queryId: 7 }]),
    ),
    frame(
      "s1",
      "received",
      10.05,
      transition(1, 2, [{ type: "QueryUpdated", queryId: 1 }]),
    ),
    frame("s2", "sent", 10.2, authenticate(b1)),
    frame("s2", "received", 10.3, transition(1, 2)),
    frame("s1", "sent", 20, {
      type: "ModifyQuerySet",
      modifications: [{ type: "Add", queryId: 8, udfPath: "authQueries:ping" }],
    }),
    frame(
      "s1",
      "received",
      20.01,
      transition(2, 2, [{ type: "QueryFailed", queryId: 8 }]),
    ),
  ];
  const http = [
    tokenRequest(9.98, a1),
    tokenRequest(10.15, b1, 420),
    tokenRequest(12, orphan),
  ];

  it("finds JWTs in a response body", () => {
    expect(jwtsIn(JSON.stringify({ jwt: a0, other: "x" }))).toEqual([a0]);
    expect(jwtsIn(null)).toEqual([]);
  });

  it("pairs every Authenticate with the next identity Transition on its own socket", () => {
    const exchanges = authenticateExchanges(frames);
    expect(
      exchanges.map((e) => [
        e.socketId,
        e.firstOnSocket,
        e.authenticateAt,
        e.transitionAt,
      ]),
    ).toEqual([
      ["s1", true, 1, 1.01],
      ["s2", true, 1.02, 1.03],
      ["s1", false, 10, 10.05],
      ["s2", false, 10.2, 10.3],
    ]);
  });

  it("times one-shot query round trips by query id and notes failures", () => {
    const trips = queryRoundTrips(frames, "authQueries:ping");
    expect(
      trips.map((t) => [
        t.queryId,
        Math.round((t.answeredAt - t.sentAt) * 1000),
        t.failed,
      ]),
    ).toEqual([
      [7, 20, false],
      [8, 10, true],
    ]);
  });

  it("counts each refresh once per socket against its own token request", () => {
    const summary = summariseWire(
      { frames, http },
      (exchange) => exchange.url.includes("/tokens"),
      "authQueries:ping",
    );
    expect(summary.refreshes).toBe(2);
    expect(summary.sockets).toBe(2);
    expect(summary.matchedRefreshes).toBe(2);
    expect(summary.tokenRequests).toBe(3);
    expect(summary.unsentTokenRequests).toBe(1);
    expect(summary.sharedTokenRequests).toBe(0);
    expect([
      summary.refreshesPerSocketMin,
      summary.refreshesPerSocketMax,
    ]).toEqual([1, 1]);
    const totals = summary.matched
      .map((r) => r.totalBytes)
      .sort((x, y) => x - y);
    const s1 = 400 + 1100 + frames[4]!.bytes + frames[7]!.bytes;
    const s2 = 420 + 1100 + frames[8]!.bytes + frames[9]!.bytes;
    expect(totals).toEqual([s1, s2].sort((x, y) => x - y));
    // The median of per-refresh totals, not a sum of medians.
    expect(summary.totalPerRefreshBytes).toBe((s1 + s2) / 2);
    expect(summary.queriesDuringRefresh).toBe(1);
    expect(summary.queriesFailedDuringRefresh).toBe(0);
    expect(summary.queriesOtherwise).toBe(1);
    expect(summary.confirmMs).toBeCloseTo(75, 5);
  });

  it("flags a token sent on two sockets and leaves unmatched refreshes out of the bytes", () => {
    const shared = [
      ...frames.slice(0, 4),
      frame("s1", "sent", 10, authenticate(a1)),
      frame("s1", "received", 10.05, transition(1, 2)),
      frame("s2", "sent", 10.2, authenticate(a1)),
      frame("s2", "received", 10.3, transition(1, 2)),
    ];
    const summary = summariseWire(
      { frames: shared, http: [tokenRequest(9.98, a1)] },
      () => true,
      "authQueries:ping",
    );
    expect(summary.sharedTokenRequests).toBe(1);

    // A route that hands out a token the browser already has: each socket's
    // refresh is tied to the latest request for that token before it was sent.
    const routeCopy = {
      ...tokenRequest(10.1, a1, 650),
      url: "http://localhost:4700/api/convex-token",
    };
    const both = summariseWire(
      { frames: shared, http: [tokenRequest(9.98, a1), routeCopy] },
      () => true,
      "authQueries:ping",
    );
    expect(both.matched.map((r) => [r.socketId, r.fetch.requestBytes])).toEqual(
      [
        ["s1", 400],
        ["s2", 650],
      ],
    );
    expect(both.sharedTokenRequests).toBe(0);

    const unmatched = summariseWire(
      { frames, http: [] },
      () => true,
      "authQueries:ping",
    );
    expect(unmatched.refreshes).toBe(2);
    expect(unmatched.matchedRefreshes).toBe(0);
    expect(unmatched.totalPerRefreshBytes).toBeNull();
  });
});
