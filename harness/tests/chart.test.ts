import { describe, expect, it } from "vitest";
import {
  buildLaneTimeline,
  scaleX,
  timeTicks,
  timelineWindow,
} from "@/harness/model/chartData";
import { emptyLaneStats } from "@/harness/model/laneStats";
import { reduceLaneEvent } from "@/harness/model/laneEvents";
import type { LaneEvent } from "@/harness/model/events";
import { decodeTokenClaims } from "@/harness/model/jwt";
import { fakeJwt, tokenCall } from "./fixtures";

const T0 = 1_700_000_000_000;
const iat = T0 / 1000;

describe("timeline data mapping", () => {
  const events: LaneEvent[] = [
    ...tokenCall({
      callId: 1,
      at: T0,
      force: false,
      source: "server-render",
      claims: decodeTokenClaims(fakeJwt({ iat, exp: iat + 60, jti: "a" })),
      changed: true,
    }),
    { type: "auth-accepted", at: T0 + 1000, kind: "cached" },
    ...tokenCall({
      callId: 2,
      at: T0 + 1000,
      force: true,
      source: "server-render",
      claims: decodeTokenClaims(fakeJwt({ iat, exp: iat + 60, jti: "a" })),
      changed: false,
    }),
    {
      type: "fetch-end",
      at: T0 + 1000,
      callId: 9,
      source: "token-endpoint",
      outcome: "token",
      claims: decodeTokenClaims(
        fakeJwt({ iat: iat + 30, exp: iat + 90, jti: "c" }),
      ),
      changed: true,
    },
    { type: "ping-end", at: T0 + 3000, pingId: 1, ok: true },
    {
      type: "ping-end",
      at: T0 + 63_000,
      pingId: 2,
      ok: false,
      error: "Not signed in",
    },
    {
      type: "connection",
      at: T0 + 61_000,
      state: {
        isWebSocketConnected: true,
        hasEverConnected: true,
        connectionCount: 1,
        connectionRetries: 0,
      },
    },
    {
      type: "connection",
      at: T0 + 62_000,
      state: {
        isWebSocketConnected: false,
        hasEverConnected: true,
        connectionCount: 1,
        connectionRetries: 0,
      },
    },
    { type: "auth-failed", at: T0 + 64_000, error: "Failed to authenticate" },
  ];
  const lane = events.reduce(reduceLaneEvent, emptyLaneStats("svelte-static"));

  it("draws one validity bar per distinct token, marking the confirmed ones", () => {
    const timeline = buildLaneTimeline(lane, T0, T0 + 70_000);
    // Fetch #9 never started in this lane, so only token "a" has a bar.
    expect(timeline.validity).toEqual([
      {
        key: "a",
        from: 0,
        to: 60,
        accepted: true,
        label: expect.stringContaining("60 s"),
      },
    ]);
  });

  it("maps fetches, pings, failures and open disconnects to session seconds", () => {
    const timeline = buildLaneTimeline(lane, T0, T0 + 70_000);
    expect(timeline.refreshes).toEqual([
      { key: "f1", at: 0, force: false, outcome: "token", identical: false },
      { key: "f2", at: 1, force: true, outcome: "token", identical: true },
    ]);
    expect(timeline.pingOk.map((p) => p.at)).toEqual([3]);
    expect(timeline.pingFailed).toEqual([
      { key: "fail0", at: 63, label: "Not signed in" },
    ]);
    expect(timeline.disconnects).toEqual([{ key: "d0", from: 62, to: 70 }]);
    expect(timeline.authFailures.map((f) => f.at)).toEqual([64]);
    expect(timeline.acceptances.map((a) => a.at)).toEqual([1]);
    // Only fresh acceptances get a scheduled-refresh prediction mark.
    expect(timeline.predicted).toEqual([]);
  });

  it("scales session seconds to pixels within the window", () => {
    const window = timelineWindow(T0, T0 + 30_000);
    expect(window).toEqual({ start: 0, end: 120 });
    expect(timelineWindow(T0, T0 + 300_000).end).toBe(305);
    expect(scaleX(60, window, 600)).toBe(300);
    expect(scaleX(-5, window, 600)).toBe(0);
    expect(scaleX(500, window, 600)).toBe(600);
    expect(timeTicks(window, 5)).toEqual([0, 30, 60, 90, 120]);
    expect(timeTicks(window)).toHaveLength(9);
  });
});
