import { describe, expect, it } from "vitest";
import { harnessReducer, initialHarnessState } from "@/harness/model/pageState";
import { reduceLaneEvent } from "@/harness/model/laneEvents";
import { emptyLaneStats, type LaneStats } from "@/harness/model/laneStats";
import {
  laneCounters,
  latestRefreshTiming,
} from "@/harness/model/laneCounters";
import type { LaneEvent } from "@/harness/model/events";
import { decodeTokenClaims } from "@/harness/model/jwt";
import { buildSnapshot, freezeDeep } from "@/harness/model/snapshot";
import { fakeJwt, tokenCall } from "./fixtures";

const T0 = 1_700_000_000_000;
const claimsAt = (iatSeconds: number, jti: string) =>
  decodeTokenClaims(fakeJwt({ iat: iatSeconds, exp: iatSeconds + 60, jti }));

function run(
  events: LaneEvent[],
  lane: LaneStats = emptyLaneStats("official"),
) {
  return events.reduce(reduceLaneEvent, lane);
}

/** A healthy lane: first token, initial refetch, a scheduled refresh 50 s later. */
function healthyEvents(): LaneEvent[] {
  const iat = T0 / 1000;
  return [
    ...tokenCall({
      callId: 1,
      at: T0,
      endAt: T0 + 5,
      force: false,
      source: "useAuth-getToken",
      claims: claimsAt(iat, "a"),
      changed: true,
    }),
    { type: "auth-accepted", at: T0 + 100, kind: "cached" },
    ...tokenCall({
      callId: 2,
      at: T0 + 101,
      endAt: T0 + 110,
      force: true,
      source: "useAuth-getToken",
      claims: claimsAt(iat, "b"),
      changed: true,
    }),
    { type: "auth-accepted", at: T0 + 200, kind: "fresh" },
    { type: "refresh-scheduled", at: T0 + 200, delayMs: 50_000 },
    { type: "fetch-start", at: T0 + 50_250, callId: 3, force: true },
  ];
}

describe("lane statistics reducer", () => {
  it("tracks fetches, acceptances and predicted vs measured refresh", () => {
    const lane = run(healthyEvents());
    const counters = laneCounters(lane);
    expect(counters).toMatchObject({
      fetches: 3,
      forcedFetches: 2,
      acceptances: 2,
      identicalTokens: 0,
    });
    expect(lane.currentClaims?.jti).toBe("b");
    // Cached acceptance: next fetch predicted at once, measured 1 ms later.
    expect(lane.acceptances[0]).toMatchObject({
      predictedNextAt: T0 + 100,
      measuredNextAt: T0 + 101,
    });
    expect(latestRefreshTiming(lane)).toEqual({
      acceptedAt: T0 + 200,
      predictedAt: T0 + 200 + 50_000,
      measuredAt: T0 + 50_250,
      differenceMs: 50,
    });
    expect(lane.fetches[2]?.outcome).toBe("pending");
    expect(lane.scheduledRefreshAt).toBeNull();
  });

  it("does not measure a predicted refresh that a new callback replaced", () => {
    // The official provider calls setAuth again on an organization switch; the
    // client drops its schedule and starts with an unforced fetch, which is not the
    // predicted refresh and must not count as a timing error of seconds.
    const events = healthyEvents().slice(0, -1);
    const lane = run([
      ...events,
      { type: "set-auth", at: T0 + 3_000 },
      { type: "fetch-start", at: T0 + 3_001, callId: 3, force: false },
    ]);
    expect(lane.acceptances[1]).toMatchObject({
      predictedNextAt: null,
      measuredNextAt: T0 + 3_001,
    });
    expect(latestRefreshTiming(lane)?.differenceMs).toBeNull();
    expect(lane.setAuthCalls).toEqual([T0 + 3_000]);
  });

  it("counts identical tokens and the client giving up on refreshing", () => {
    const claims = claimsAt(T0 / 1000, "same");
    const lane = run([
      ...tokenCall({
        callId: 1,
        at: T0,
        force: false,
        source: "server-render",
        claims,
        changed: true,
      }),
      { type: "auth-accepted", at: T0 + 1, kind: "cached" },
      ...tokenCall({
        callId: 2,
        at: T0 + 2,
        force: true,
        source: "server-render",
        claims,
        changed: false,
      }),
      { type: "refresh-stopped", at: T0 + 3 },
    ]);
    expect(lane.refreshStopped).toBe(true);
    expect(laneCounters(lane).identicalTokens).toBe(1);
    expect(lane.history.some((h) => h.text.includes("IDENTICAL"))).toBe(true);
  });

  it("counts pings, keeps the last error and records failures in history", () => {
    const lane = run([
      { type: "ping-start", at: T0, pingId: 1 },
      { type: "ping-end", at: T0 + 5, pingId: 1, ok: true },
      { type: "ping-start", at: T0 + 3000, pingId: 2 },
      {
        type: "ping-end",
        at: T0 + 3005,
        pingId: 2,
        ok: false,
        error: "Not signed in",
      },
      { type: "ping-start", at: T0 + 6000, pingId: 3 },
    ]);
    expect(lane.pings).toMatchObject({
      attempts: 3,
      successes: 1,
      failures: 1,
      inFlight: 1,
      lastError: "Not signed in",
      lastOkAt: T0 + 5,
      lastFailedAt: T0 + 3005,
    });
    expect(lane.pingSamples).toHaveLength(2);
    expect(lane.history.at(-1)?.text).toContain("Not signed in");
  });

  it("derives reconnects and disconnect spans from connection samples", () => {
    const sample = (connected: boolean, count: number) => ({
      isWebSocketConnected: connected,
      hasEverConnected: count > 0,
      connectionCount: count,
      connectionRetries: 0,
    });
    const lane = run([
      { type: "connection", at: T0, state: sample(true, 1) },
      { type: "connection", at: T0 + 10, state: sample(false, 1) },
      { type: "connection", at: T0 + 20, state: sample(true, 2) },
      { type: "connection", at: T0 + 30, state: sample(false, 2) },
    ]);
    expect(lane.reconnects).toBe(1);
    expect(lane.disconnects).toEqual([
      { from: T0 + 10, to: T0 + 20 },
      { from: T0 + 30, to: null },
    ]);
    expect(lane.connection?.isWebSocketConnected).toBe(false);
  });

  it("tracks auth state, failures and whoami changes", () => {
    const lane = run([
      { type: "auth-change", at: T0, isAuthenticated: true },
      { type: "whoami", at: T0, subject: "user_1" },
      { type: "whoami", at: T0 + 1, subject: "user_1" },
      { type: "refreshing", at: T0 + 2, isRefreshing: true },
      {
        type: "reauthenticating",
        at: T0 + 3,
        error: "Convex token identity expired",
      },
      { type: "auth-failed", at: T0 + 4, error: "Failed to authenticate" },
      { type: "auth-change", at: T0 + 4, isAuthenticated: false },
      { type: "whoami", at: T0 + 5, subject: null },
    ]);
    expect(lane.isAuthenticated).toBe(false);
    expect(lane.isRefreshing).toBe(true);
    expect(lane.whoami).toMatchObject({ subject: null, updates: 3 });
    expect(laneCounters(lane).authFailures).toBe(1);
    // Repeated identical whoami results do not flood the history.
    expect(
      lane.history.filter((h) => h.text.startsWith("whoami")),
    ).toHaveLength(2);
  });

  it("drops calls left open by a closed client", () => {
    const lane = run([
      ...healthyEvents(),
      { type: "ping-start", at: T0 + 50_300, pingId: 9 },
      { type: "client-closed", at: T0 + 50_400 },
    ]);
    expect(laneCounters(lane).fetches).toBe(2);
    expect(lane.pings.inFlight).toBe(0);
  });

  it("caps the history", () => {
    const events: LaneEvent[] = Array.from({ length: 250 }, (_, i) => ({
      type: "client-log" as const,
      at: T0 + i,
      level: "warn" as const,
      text: `w${i}`,
    }));
    const lane = run(events);
    expect(lane.history).toHaveLength(200);
    expect(lane.history[0]?.text).toBe("w50");
  });

  it("routes events to lanes and resets stats but not the present state", () => {
    let state = initialHarnessState(T0);
    for (const event of healthyEvents()) {
      state = harnessReducer(state, {
        type: "lane-event",
        lane: "svelte-hybrid",
        event,
      });
    }
    expect(laneCounters(state.lanes["svelte-hybrid"]).fetches).toBe(3);
    expect(laneCounters(state.lanes.official).fetches).toBe(0);
    state = harnessReducer(state, { type: "reset", at: T0 + 99_000 });
    expect(state.startedAt).toBe(T0 + 99_000);
    expect(laneCounters(state.lanes["svelte-hybrid"]).fetches).toBe(0);
    expect(state.lanes["svelte-hybrid"].currentClaims?.jti).toBe("b");
  });

  it("builds a frozen snapshot with counters per lane", () => {
    let state = initialHarnessState(T0);
    for (const event of healthyEvents()) {
      state = harnessReducer(state, {
        type: "lane-event",
        lane: "official",
        event,
      });
    }
    const snapshot = freezeDeep(
      buildSnapshot(
        state,
        {
          pollSeconds: 3,
          enabledLanes: ["official"],
          tokenSettings: null,
          periodicIntervalSeconds: null,
        },
        T0 + 60_000,
      ),
    );
    expect(snapshot.version).toBe(2);
    expect(snapshot.settings.leewaySeconds).toBe(10);
    expect(snapshot.lanes.official).toMatchObject({
      enabled: true,
      counters: { fetches: 3, acceptances: 2 },
      token: { lifetimeSeconds: 60, jti: "b" },
    });
    expect(snapshot.lanes["svelte-static"].enabled).toBe(false);
    expect(Object.isFrozen(snapshot.lanes.official.counters)).toBe(true);
    expect(() => {
      (snapshot.lanes.official.counters as { fetches: number }).fetches = 0;
    }).toThrow();
  });
});
