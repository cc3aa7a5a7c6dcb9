import { describe, expect, it } from "vitest";
import {
  laneSoakMetrics,
  type LaneSoakInput,
} from "@/scripts/bench/laneMetrics";
import {
  queryRoundTrips,
  refreshExchanges,
  summariseWire,
  type WsFrame,
} from "@/scripts/bench/wireMetrics";

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

describe("lane soak metrics", () => {
  it("counts cycles, fetches per cycle, timing error and swap time", () => {
    const lane: LaneSoakInput = {
      id: "official",
      counters,
      isAuthenticated: true,
      refreshStopped: false,
      fetches: [
        fetchRecord(1, 0, false),
        fetchRecord(2, 100, true),
        fetchRecord(3, 3150, true),
        fetchRecord(4, 6200, true),
      ],
      acceptances: [
        {
          at: 50,
          kind: "cached",
          claims: null,
          predictedNextAt: 50,
          measuredNextAt: 100,
        },
        {
          at: 150,
          kind: "fresh",
          claims: null,
          predictedNextAt: 3150,
          measuredNextAt: 3150,
        },
        {
          at: 3200,
          kind: "fresh",
          claims: null,
          predictedNextAt: 6180,
          measuredNextAt: 6200,
        },
        {
          at: 6260,
          kind: "fresh",
          claims: null,
          predictedNextAt: 9260,
          measuredNextAt: null,
        },
      ],
    };
    const metrics = laneSoakMetrics(lane);
    expect(metrics.refreshCycles).toBe(3);
    expect(metrics.fetchesPerCycle).toBe(1);
    // Only fresh acceptances with a measured follow-up: 0 and +20 ms.
    expect(metrics.timingSamples).toBe(2);
    expect(metrics.timingErrorMeanMs).toBe(10);
    expect(metrics.timingErrorMaxAbsMs).toBe(20);
    // Fetch start to confirmation: 50, 50, 60 ms.
    expect(metrics.swapMaxMs).toBe(60);
    expect(metrics.swapMeanMs).toBeCloseTo(53.33, 1);
    expect(metrics.fetchMeanMs).toBe(20);
  });

  it("reports no cycles for a lane whose forced fetches return the same token", () => {
    const lane: LaneSoakInput = {
      id: "svelte-static",
      counters: { ...counters, identicalTokens: 1, pingFailures: 4 },
      isAuthenticated: false,
      refreshStopped: true,
      fetches: [fetchRecord(1, 0, false), fetchRecord(2, 100, true, false)],
      acceptances: [
        {
          at: 50,
          kind: "cached",
          claims: null,
          predictedNextAt: 50,
          measuredNextAt: 100,
        },
      ],
    };
    const metrics = laneSoakMetrics(lane);
    expect(metrics.refreshCycles).toBe(0);
    expect(metrics.fetchesPerCycle).toBeNull();
    expect(metrics.swapMeanMs).toBeNull();
    expect(metrics.pingFailures).toBe(4);
    expect(metrics.refreshStopped).toBe(true);
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

describe("wire metrics", () => {
  const frames: WsFrame[] = [
    frame("s1", "sent", 1, {
      type: "Authenticate",
      tokenType: "User",
      value: "a",
    }),
    frame("s1", "received", 1.01, transition(0, 1)),
    // Refresh: token fetched 9.98-10.0, Authenticate at 10.0, confirmed at 10.05.
    frame("s1", "sent", 10, {
      type: "Authenticate",
      tokenType: "User",
      value: "bb",
    }),
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
    frame("s1", "received", 10.05, transition(1, 2)),
    frame("s1", "sent", 20, {
      type: "ModifyQuerySet",
      modifications: [{ type: "Add", queryId: 8, udfPath: "authQueries:ping" }],
    }),
    frame(
      "s1",
      "received",
      20.01,
      transition(2, 2, [{ type: "QueryUpdated", queryId: 8 }]),
    ),
  ];

  it("pairs every Authenticate after the first with its confirming Transition", () => {
    const exchanges = refreshExchanges(frames);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({
      authenticateAt: 10,
      transitionAt: 10.05,
    });
  });

  it("times one-shot query round trips by query id", () => {
    const trips = queryRoundTrips(frames, "authQueries:ping");
    expect(
      trips.map((t) => [
        t.queryId,
        Math.round((t.answeredAt - t.sentAt) * 1000),
      ]),
    ).toEqual([
      [7, 20],
      [8, 10],
    ]);
  });

  it("sums the bytes of one refresh and splits queries by refresh windows", () => {
    const summary = summariseWire(
      {
        frames,
        http: [
          {
            url: "http://127.0.0.1:3600/api/local-auth/token",
            startedAt: 9.98,
            finishedAt: 10,
            requestBytes: 400,
            responseBytes: 1100,
            status: 200,
          },
        ],
      },
      "/api/local-auth/token",
      "authQueries:ping",
    );
    const authenticate = frames[2]!.bytes;
    const confirming = frames[5]!.bytes;
    expect(summary.refreshes).toBe(1);
    expect(summary.totalPerRefreshBytes).toBe(
      400 + 1100 + authenticate + confirming,
    );
    expect(summary.queriesDuringRefresh).toBe(1);
    expect(summary.queriesOtherwise).toBe(1);
    expect(summary.confirmMs).toBeCloseTo(50, 5);
  });
});
