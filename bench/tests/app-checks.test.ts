import { describe, expect, it } from "vitest";
import {
  atLeast,
  atMost,
  checksTable,
  failedChecks,
  inBand,
  check,
} from "@/bench/app/checks";
import {
  clerkAssetChecks,
  firstDataChecks,
  interleaveChecks,
  minimumCycles,
  soakChecks,
  wireChecks,
} from "@/bench/app/expectations";
import type { LaneSoakMetrics } from "@/bench/app/laneMetrics";
import { summariseFirstData } from "@/bench/app/firstData";
import { predictInterleave } from "@/bench/app/interleave";
import type { WireSummary } from "@/bench/app/wireMetrics";
import type { ClerkAssetSummary } from "@/bench/app/clerkAssets";
import type { FapiRate } from "@/bench/app/fapiMetrics";

describe("checks", () => {
  it("treats a missing value as outside every band", () => {
    expect(inBand(1, 1, 2)).toBe(true);
    expect(inBand(2.01, 1, 2)).toBe(false);
    expect(inBand(null, 0, 10)).toBe(false);
    expect(inBand(Number.NaN, 0, 10)).toBe(false);
    expect(atMost(5, 5)).toBe(true);
    expect(atMost(null, 5)).toBe(false);
    expect(atLeast(5, 6)).toBe(false);
  });

  it("prints PASS and FAIL rows and counts them in the title", () => {
    const checks = [check("a", "0", "0", true), check("b", "≥ 1", "0", false)];
    expect(failedChecks(checks).map((c) => c.figure)).toEqual(["b"]);
    const table = checksTable(checks);
    expect(table.title).toBe("Checks (1 PASS, 1 FAIL)");
    expect(table.rows.map((r) => r[0])).toEqual(["PASS", "FAIL"]);
  });
});

const setup = { tokenTtlSeconds: 13, leewaySeconds: 10, soakSeconds: 78 };

function lane(overrides: Partial<LaneSoakMetrics>): LaneSoakMetrics {
  return {
    lane: "official",
    refreshCycles: 27,
    pingAttempts: 42,
    pingFailures: 0,
    pingFailuresBeforeAuth: 0,
    tokenFetches: 28,
    forcedFetches: 27,
    emptyFetches: 0,
    identicalTokens: 0,
    fetchesPerCycle: 1,
    refreshAgeMedianSeconds: 3.6,
    refreshAgeMaxSeconds: 4.2,
    refreshAgeSamples: 26,
    lifetimeSeconds: 13,
    expiredSeconds: 0,
    expiredStretches: 0,
    reconnects: 0,
    authFailures: 0,
    swapMeanMs: 100,
    swapMaxMs: 500,
    fetchMeanMs: 40,
    fetchMaxMs: 90,
    authenticatedAtEnd: true,
    refreshStopped: false,
    pingErrors: [],
    pingFailureOffsets: [],
    ...overrides,
  };
}

describe("soak expectations", () => {
  it("needs 70% of the possible cycles", () => {
    expect(minimumCycles(setup)).toBe(18);
  });

  it("passes a healthy lane and fails one that refreshes at expiry", () => {
    expect(failedChecks(soakChecks([lane({})], setup))).toEqual([]);
    const late = soakChecks(
      [
        lane({
          refreshAgeMedianSeconds: 13.2,
          refreshAgeMaxSeconds: 14,
          expiredSeconds: 5,
        }),
      ],
      setup,
    );
    expect(failedChecks(late).map((c) => c.figure)).toEqual([
      "soak official: token age at refresh (median)",
      "soak official: token age at refresh (max)",
      "soak official: time on an expired token",
    ]);
  });

  it("fails a lane with wasted fetches, failed queries or too few cycles", () => {
    const failed = failedChecks(
      soakChecks(
        [lane({ fetchesPerCycle: 2, pingFailures: 1, refreshCycles: 5 })],
        setup,
      ),
    ).map((c) => c.figure);
    expect(failed).toEqual([
      "soak official: failed queries",
      "soak official: refresh cycles",
      "soak official: fetches per cycle",
    ]);
  });

  it("expects svelte-static to be caught failing, and fails if it does not", () => {
    const broken = lane({
      lane: "svelte-static",
      identicalTokens: 1,
      pingFailures: 36,
      expiredSeconds: 60,
    });
    expect(failedChecks(soakChecks([broken], setup))).toEqual([]);
    expect(
      failedChecks(soakChecks([lane({ lane: "svelte-static" })], setup)),
    ).toHaveLength(3);
  });

  it("expects periodic-invalidation to reconnect", () => {
    const periodic = lane({
      lane: "periodic-invalidation",
      reconnects: 8,
      expiredSeconds: 4,
    });
    expect(failedChecks(soakChecks([periodic], setup))).toEqual([]);
    expect(
      failedChecks(
        soakChecks([{ ...periodic, reconnects: 0, expiredSeconds: 0 }], setup),
      ),
    ).toHaveLength(2);
  });
});

function wire(overrides: Partial<WireSummary>): WireSummary {
  return {
    refreshes: 50,
    sockets: 2,
    matchedRefreshes: 50,
    tokenRequests: 50,
    unsentTokenRequests: 0,
    sharedTokenRequests: 0,
    refreshesPerSocketMin: 25,
    refreshesPerSocketMax: 25,
    tokenRequestBytes: 700,
    tokenResponseBytes: 1200,
    authenticateBytes: 900,
    transitionBytes: 220,
    totalPerRefreshBytes: 3020,
    tokenFetchMs: 30,
    confirmMs: 8,
    queriesDuringRefresh: 6,
    queriesFailedDuringRefresh: 0,
    queryMsDuringRefreshMedian: 12,
    queryMsDuringRefreshMax: 300,
    queriesOtherwise: 150,
    queryMsOtherwiseMedian: 8,
    ...overrides,
  };
}

describe("wire expectations", () => {
  it("passes consistent counts and fails unmatched refreshes or a silent socket", () => {
    expect(
      failedChecks(wireChecks([{ lane: "official", wire: wire({}) }], 20)),
    ).toEqual([]);
    const failed = failedChecks(
      wireChecks(
        [
          {
            lane: "official",
            wire: wire({
              matchedRefreshes: 49,
              refreshesPerSocketMin: 0,
              queriesDuringRefresh: 0,
            }),
          },
        ],
        20,
      ),
    ).map((c) => c.figure);
    expect(failed).toEqual([
      "wire official: refreshes tied to their token request",
      "wire official: refreshes on each socket",
      "wire official: queries failed during a refresh",
    ]);
  });
});

describe("first data expectations", () => {
  const run = (
    variant: "server-rendered" | "client-only",
    round: number,
    visible: number,
    fcp: number,
  ) => ({
    variant,
    round,
    namesInDomMs: visible,
    namesVisibleMs: visible,
    firstContentfulPaintMs: fcp,
  });

  it("passes when the server HTML paints the names first in every round", () => {
    const html = { "server-rendered": true, "client-only": false };
    const summary = summariseFirstData(
      [
        run("server-rendered", 0, 600, 600),
        run("client-only", 0, 1200, 500),
        run("server-rendered", 1, 700, 700),
        run("client-only", 1, 1300, 500),
      ],
      html,
    );
    expect(failedChecks(firstDataChecks(summary))).toEqual([]);
    expect(
      failedChecks(
        firstDataChecks({
          ...summary,
          namesInHtml: { "server-rendered": false, "client-only": false },
        }),
      ).map((c) => c.figure),
    ).toEqual(["first data: class names in the server's HTML"]);
  });

  it("fails when a page load showed no class name", () => {
    const summary = summariseFirstData(
      [
        run("server-rendered", 0, 600, 600),
        run("client-only", 0, 1200, 500),
        run("server-rendered", 1, 700, 700),
      ],
      { "server-rendered": true, "client-only": false },
      ["client-only round 1: no class name painted within 30 s"],
      2,
    );
    expect(failedChecks(firstDataChecks(summary)).map((c) => c.figure)).toEqual(
      ["first data: rounds measured"],
    );
  });

  it("fails when client-only is ahead in the median round", () => {
    const summary = summariseFirstData(
      [
        run("server-rendered", 0, 600, 600),
        run("client-only", 0, 1200, 500),
        run("server-rendered", 1, 1400, 1400),
        run("client-only", 1, 1300, 500),
        run("server-rendered", 2, 1400, 1400),
        run("client-only", 2, 1300, 500),
      ],
      { "server-rendered": true, "client-only": false },
    );
    expect(failedChecks(firstDataChecks(summary)).map((c) => c.figure)).toEqual(
      ["first data: ratio client-only / server-rendered (median of rounds)"],
    );
  });
});

describe("Clerk bundle expectations", () => {
  const totals = (files: number, bytes: number) => ({
    files,
    transferredBytes: bytes,
    decodedBytes: bytes,
  });
  const summary = (entries: number, fromCache = 0): ClerkAssetSummary => ({
    byKind: {
      "clerk-js entry": totals(entries, 325_000),
      "clerk-js chunks": totals(2, 200_000),
      "ui entry": totals(1, 150_000),
      "ui chunks": totals(3, 300_000),
    },
    total: totals(entries + 6, 975_000),
    fromCache,
    failed: 0,
    files: [],
  });

  it("wants one cold clerk-js entry per page and nothing off the machine", () => {
    expect(
      failedChecks(
        clerkAssetChecks([{ page: "/", summary: summary(1), offMachine: [] }]),
      ),
    ).toEqual([]);
    expect(
      failedChecks(
        clerkAssetChecks([
          {
            page: "/",
            summary: summary(2, 1),
            offMachine: ["clerk.example.com"],
          },
        ]),
      ).map((c) => c.figure),
    ).toEqual([
      "Clerk bytes /: clerk-js entry loads",
      "Clerk bytes /: loads from the HTTP cache or failed",
      "Clerk bytes /: hosts off this machine",
    ]);
  });
});

describe("interleave expectations", () => {
  const rate = (tokenPerHour: number): FapiRate => ({
    windowSeconds: 150,
    calls: 6,
    byCategory: {
      token: 6,
      "session touch": 0,
      client: 0,
      environment: 0,
      "dev browser": 0,
      "sign-in": 0,
      other: 0,
    },
    perHour: tokenPerHour,
    tokenPerHour,
    bytesPerHour: 1,
  });
  const result = {
    from: 0,
    to: 150,
    cycles: 3,
    mints: 6,
    convexMints: 3,
    clerkMints: 3,
    mintsPerCycle: 2,
    clerkAges: [43.3, 43.4, 43.2],
    convexAges: [50.4, 50.5, 50.3],
    sendDelays: [0.3],
  };

  it("passes the 60 s interleave clerk-js and Convex predict", () => {
    const checks = interleaveChecks(
      "60 s",
      result,
      predictInterleave(60, 10),
      rate(144),
    );
    expect(failedChecks(checks)).toEqual([]);
  });

  it("fails when clerk-js stops refreshing on its own or Convex refreshes late", () => {
    const checks = interleaveChecks(
      "60 s",
      {
        ...result,
        clerkMints: 0,
        clerkAges: [],
        mintsPerCycle: 1,
        convexAges: [58, 58, 58],
      },
      predictInterleave(60, 10),
      rate(72),
    );
    expect(failedChecks(checks).map((c) => c.figure)).toEqual([
      "Clerk refresh 60 s: Convex refresh: age of the held token (median)",
      "Clerk refresh 60 s: token requests per Convex cycle",
      "Clerk refresh 60 s: token requests per hour",
      "Clerk refresh 60 s: clerk-js refresh: age of its cached token (median)",
    ]);
  });

  it("expects no clerk-js requests of its own when Convex always renews first", () => {
    const short = {
      ...result,
      clerkMints: 0,
      clerkAges: [],
      mintsPerCycle: 1,
      convexAges: [3.4],
    };
    const checks = interleaveChecks(
      "13 s",
      short,
      predictInterleave(13, 10),
      rate(1200),
    );
    expect(failedChecks(checks)).toEqual([]);
    expect(
      failedChecks(
        interleaveChecks(
          "13 s",
          { ...short, clerkMints: 2 },
          predictInterleave(13, 10),
          rate(1200),
        ),
      ).map((c) => c.figure),
    ).toEqual(["Clerk refresh 13 s: clerk-js's own token requests"]);
  });
});
