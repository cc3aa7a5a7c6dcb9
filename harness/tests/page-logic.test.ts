import { describe, expect, it } from "vitest";
import { LANE_IDS, type LaneId } from "@/harness/designs/lanes";
import { emptyLaneStats, type LaneStats } from "@/harness/model/laneStats";
import { reduceLaneEvent } from "@/harness/model/laneEvents";
import type { LaneEvent } from "@/harness/model/events";
import {
  failuresDuringOutages,
  sharedOutages,
} from "@/harness/model/sharedOutages";
import { liveVerdict } from "@/harness/model/liveVerdict";
import {
  orgSwitchOutcome,
  describeOrgSwitchOutcome,
  laneStopped,
} from "@/harness/model/orgSwitch";
import { parseHarnessControlsEnv } from "@/harness/server/controlsEnv";
import { decodeTokenClaims } from "@/harness/model/jwt";
import { callControl } from "@/harness/browser/controlRequest";
import { fakeJwt, tokenCall } from "./fixtures";

const T0 = 1_700_000_000_000;

/** A lane whose pings answered ok/failed at the given seconds after T0. */
function pings(id: LaneId, samples: [number, boolean][]): LaneStats {
  const events: LaneEvent[] = samples.flatMap(([second, ok], index) => [
    { type: "ping-start", at: T0 + second * 1000 - 10, pingId: index + 1 },
    { type: "ping-end", at: T0 + second * 1000, pingId: index + 1, ok },
  ]);
  return events.reduce(reduceLaneEvent, emptyLaneStats(id));
}

function lanesWith(overrides: Partial<Record<LaneId, LaneStats>>) {
  const lanes = {} as Record<LaneId, LaneStats>;
  for (const id of LANE_IDS) lanes[id] = overrides[id] ?? emptyLaneStats(id);
  return lanes;
}

describe("shared outages", () => {
  it("finds the window where every running lane, official included, failed", () => {
    // A dev-server compile stall from ~10 s to ~40 s hits every lane; later
    // svelte-static fails on its own.
    const lanes = lanesWith({
      official: pings("official", [
        [3, true],
        [12, false],
        [21, false],
        [42, true],
        [60, true],
      ]),
      "svelte-static": pings("svelte-static", [
        [3, true],
        [11, false],
        [20, false],
        [41, true],
        [55, false],
        [60, false],
      ]),
    });
    const running: LaneId[] = ["official", "svelte-static"];
    const outages = sharedOutages(lanes, running);
    expect(outages).toEqual([{ from: T0 + 12_000, to: T0 + 41_000 }]);
    expect(failuresDuringOutages(lanes.official, outages)).toBe(2);
    expect(failuresDuringOutages(lanes["svelte-static"], outages)).toBe(2);

    // Its own failures after expiry are still its own.
    const verdict = liveVerdict(lanes["svelte-static"], outages, T0 + 61_000);
    expect(verdict).toMatchObject({ kind: "failed" });
    expect(verdict.text).toBe("2 failed pings of its own.");
  });

  it("blames nobody's design without the official lane as reference", () => {
    const lanes = lanesWith({
      "svelte-static": pings("svelte-static", [[11, false]]),
      "periodic-invalidation": pings("periodic-invalidation", [[12, false]]),
    });
    expect(
      sharedOutages(lanes, ["svelte-static", "periodic-invalidation"]),
    ).toEqual([]);
    expect(sharedOutages(lanes, ["official"])).toEqual([]);
  });

  it("needs every lane failing: one healthy lane means no shared outage", () => {
    const lanes = lanesWith({
      official: pings("official", [
        [12, false],
        [20, true],
      ]),
      "svelte-hybrid": pings("svelte-hybrid", [
        [12, true],
        [20, true],
      ]),
      "svelte-static": pings("svelte-static", [
        [12, false],
        [20, false],
      ]),
    });
    expect(
      sharedOutages(lanes, ["official", "svelte-hybrid", "svelte-static"]),
    ).toEqual([]);
  });
});

describe("live verdict", () => {
  const token = decodeTokenClaims(
    fakeJwt({ iat: T0 / 1000, exp: T0 / 1000 + 15, jti: "a" }),
  );
  function accepted(samples: [number, boolean][]) {
    const lane = pings("official", samples);
    return [
      ...tokenCall({
        callId: 1,
        at: T0,
        endAt: T0 + 1,
        force: false,
        source: "useAuth-getToken",
        claims: token,
        changed: true,
      }),
      { type: "auth-accepted", at: T0 + 5, kind: "cached" },
    ].reduce(
      (stats, event) => reduceLaneEvent(stats, event as LaneEvent),
      lane,
    );
  }

  it("waits for the first token's expiry, then says whether the lane got past it", () => {
    expect(liveVerdict(emptyLaneStats("official"), [], T0).kind).toBe(
      "starting",
    );
    expect(liveVerdict(accepted([[3, true]]), [], T0 + 5_000)).toEqual({
      kind: "waiting",
      text: "First token expires in 10 s.",
    });
    expect(
      liveVerdict(
        accepted([
          [3, true],
          [18, true],
        ]),
        [],
        T0 + 19_000,
      ),
    ).toEqual({
      kind: "survived",
      text: "Kept working past its first token's expiry.",
    });
  });
});

describe("organization switch outcome", () => {
  function laneSwitching(id: LaneId, force: boolean, acceptedAfterMs: number) {
    const before = decodeTokenClaims(
      fakeJwt({ iat: 1, exp: 100, jti: "old", o: { id: "org_classroom" } }),
    );
    const after = decodeTokenClaims(
      fakeJwt({ iat: 2, exp: 100, jti: "new", org_id: "org_staff" }),
    );
    const switchAt = T0 + 10_000;
    const events: LaneEvent[] = [
      ...tokenCall({
        callId: 1,
        at: T0,
        endAt: T0 + 1,
        force: false,
        source: "useAuth-getToken",
        claims: before,
        changed: true,
      }),
      { type: "auth-accepted", at: T0 + 5, kind: "cached" },
      {
        type: "fetch-start",
        at: switchAt + acceptedAfterMs - 50,
        callId: 2,
        force,
      },
      {
        type: "fetch-end",
        at: switchAt + acceptedAfterMs - 40,
        callId: 2,
        source: "useAuth-getToken",
        outcome: "token",
        claims: after,
        changed: true,
      },
      {
        type: "auth-accepted",
        at: switchAt + acceptedAfterMs,
        kind: force ? "fresh" : "cached",
      },
    ];
    return {
      lane: events.reduce(reduceLaneEvent, emptyLaneStats(id)),
      orgSwitch: { at: switchAt, from: "org_classroom", to: "org_staff" },
    };
  }

  it("reads the organization from v1 (org_id) and v2 (o.id) claims", () => {
    expect(decodeTokenClaims(fakeJwt({ org_id: "org_a" }))?.orgId).toBe(
      "org_a",
    );
    expect(
      decodeTokenClaims(fakeJwt({ o: { id: "org_b", rol: "admin" } }))?.orgId,
    ).toBe("org_b");
    expect(decodeTokenClaims(fakeJwt({ sub: "u" }))?.orgId).toBeNull();
  });

  it("tells a new callback (official) from a later forced refresh (svelte-hybrid)", () => {
    const official = laneSwitching("official", false, 400);
    const officialOutcome = orgSwitchOutcome(official.lane, official.orgSwitch);
    expect(officialOutcome).toEqual({
      tokenOrg: "org_staff",
      follows: true,
      followedAfterMs: 400,
      via: "new callback",
    });
    expect(describeOrgSwitchOutcome(officialOutcome, official.orgSwitch)).toBe(
      "Carries org_staff since 0.4 s after the switch, through a new callback.",
    );
    const hybrid = laneSwitching("svelte-hybrid", true, 4200);
    expect(orgSwitchOutcome(hybrid.lane, hybrid.orgSwitch)).toMatchObject({
      follows: true,
      followedAfterMs: 4200,
      via: "forced fetch",
    });
  });

  it("reports a lane that still carries the old organization", () => {
    const { lane, orgSwitch } = laneSwitching("svelte-static", true, 0);
    const stuck = {
      ...lane,
      acceptances: lane.acceptances.slice(0, 1),
      currentClaims: lane.acceptances[0]!.claims,
    };
    const outcome = orgSwitchOutcome(stuck, orgSwitch);
    expect(outcome).toMatchObject({
      tokenOrg: "org_classroom",
      follows: false,
      followedAfterMs: null,
    });
    expect(laneStopped(stuck)).toBe(false);
    expect(describeOrgSwitchOutcome(outcome, orgSwitch)).toBe(
      "Still carries org_classroom.",
    );
  });

  it("says a lane the client gave up on is stopped, not that it carries an organization", () => {
    const { lane, orgSwitch } = laneSwitching("svelte-static", true, 0);
    const given = [
      {
        type: "auth-failed",
        at: orgSwitch.at + 9_000,
        error: "Failed to authenticate: token expired",
      },
      { type: "auth-change", at: orgSwitch.at + 9_001, isAuthenticated: false },
    ] satisfies LaneEvent[];
    const dead = given.reduce(reduceLaneEvent, {
      ...lane,
      acceptances: lane.acceptances.slice(0, 1),
      currentClaims: lane.acceptances[0]!.claims,
    });
    expect(laneStopped(dead)).toBe(true);
    const text = describeOrgSwitchOutcome(
      orgSwitchOutcome(dead, orgSwitch),
      orgSwitch,
      laneStopped(dead),
    );
    expect(text).toMatch(/^Stopped: /);
    expect(text).not.toMatch(/carries/);
  });
});

describe("harness controls environment", () => {
  it("finds the stand-ins only when URL and key are both set", () => {
    expect(parseHarnessControlsEnv({})).toEqual({
      ok: true,
      env: { clerkAdmin: null, backendAdmin: null, testControls: false },
    });
    expect(
      parseHarnessControlsEnv({
        LOCAL_CLERK_ADMIN_URL: "http://127.0.0.1:3220/",
        LOCAL_CLERK_ADMIN_KEY: "k",
        NEXT_PUBLIC_CONVEX_URL: "http://127.0.0.1:3210",
        LOCAL_CONVEX_ADMIN_KEY: "b",
        AUTH_HARNESS_TEST_CONTROLS: "1",
      }),
    ).toEqual({
      ok: true,
      env: {
        clerkAdmin: { url: "http://127.0.0.1:3220", key: "k" },
        backendAdmin: { url: "http://127.0.0.1:3210", key: "b" },
        testControls: true,
      },
    });
  });

  it("names the variable when one half is missing or a URL is bad", () => {
    expect(
      parseHarnessControlsEnv({
        LOCAL_CLERK_ADMIN_URL: "http://127.0.0.1:3220",
      }),
    ).toEqual({
      ok: false,
      problem: "LOCAL_CLERK_ADMIN_URL is set but LOCAL_CLERK_ADMIN_KEY is not.",
    });
    const bad = parseHarnessControlsEnv({ LOCAL_CLERK_ADMIN_URL: "ftp://x" });
    expect(bad).toEqual({
      ok: false,
      problem: "LOCAL_CLERK_ADMIN_URL must be an http(s) URL.",
    });
  });
});

describe("control requests", () => {
  it("turns an error answer into its sentence, never raw JSON", async () => {
    const answer = (status: number, body: string) =>
      (async () => new Response(body, { status })) as typeof fetch;
    const long = JSON.stringify({
      error: "The token would be refetched in a loop because it lives 5 s.",
    });
    expect(
      await callControl("/x", { method: "GET" }, answer(400, long)),
    ).toEqual({
      ok: false,
      sentence: "The token would be refetched in a loop because it lives 5 s.",
    });
    expect(
      await callControl(
        "/x",
        { method: "GET" },
        answer(500, "<html>oops</html>"),
      ),
    ).toEqual({ ok: false, sentence: "The request failed with status 500." });
    const offline = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    expect(await callControl("/x", { method: "GET" }, offline)).toEqual({
      ok: false,
      sentence: "The app did not answer; check that the dev server is running.",
    });
  });
});
