import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emptyLaneStats } from "../model/laneStats";
import { buildSnapshot } from "../model/snapshot";
import { initialHarnessState } from "../model/pageState";
import { LANE_IDS } from "../designs/lanes";
import { SCENARIOS, scenarioById } from "../scenarios/catalog";
import { realSeconds } from "../scenarios/steps";
import {
  observeLane,
  pageLeftVerdict,
  RELOADED,
  verdictMatches,
  type RunMarks,
} from "../scenarios/verdict";
import {
  TABLE_END,
  TABLE_START,
  verdictTableMarkdown,
} from "../scenarios/table";
import { scenarioActionSchema } from "../scenarios/pageActions";

const T0 = 1_800_000_000_000;

function laneWithPings(samples: [number, boolean, string?, string?][]) {
  const stats = {
    ...emptyLaneStats("official"),
    pingSamples: samples.map(([s, ok, error, subject]) => ({
      at: T0 + s * 1000,
      ok,
      error: error ?? null,
      subject: subject ?? null,
    })),
  };
  const state = {
    ...initialHarnessState(T0),
    lanes: { ...initialHarnessState(T0).lanes, official: stats },
  };
  return buildSnapshot(
    state,
    {
      pollSeconds: 2,
      enabledLanes: ["official"],
      tokenSettings: null,
      periodicIntervalSeconds: null,
    },
    T0,
  ).lanes.official;
}

const marks = (over: Partial<RunMarks> = {}): RunMarks => ({
  from: T0,
  faultFrom: T0 + 10_000,
  faultTo: T0 + 30_000,
  to: T0 + 60_000,
  sessionEnds: false,
  ...over,
});

describe("observeLane", () => {
  it("calls a lane whose every query answered a survivor", () => {
    const lane = laneWithPings([
      [2, true],
      [20, true],
      [40, true],
    ]);
    expect(observeLane(lane, marks()).kind).toBe("survives");
  });

  it("times a recovery from the fault's end, not from the first failure", () => {
    const lane = laneWithPings([
      [2, true],
      [12, false, "no answer within 10 s"],
      [20, false, "no answer within 10 s"],
      [34, false, "no answer within 10 s"],
      [36, true],
    ]);
    const observed = observeLane(lane, marks());
    expect(observed).toMatchObject({
      kind: "recovers",
      seconds: 6,
      failedQueries: 3,
    });
  });

  it("says a lane still failing at the end fails, with its first error", () => {
    const lane = laneWithPings([
      [2, true],
      [40, false, "UNAUTHENTICATED: Not signed in"],
      [50, false, "x"],
    ]);
    const observed = observeLane(lane, marks());
    expect(observed.kind).toBe("fails");
    expect(observed.firstError).toBe("UNAUTHENTICATED: Not signed in");
    expect(
      verdictMatches({ kind: "fails", error: "UNAUTHENTICATED" }, observed),
    ).toBe(true);
    expect(verdictMatches({ kind: "survives" }, observed)).toBe(false);
  });

  it("says access ended when the session ended on purpose", () => {
    const lane = laneWithPings([
      [2, true],
      [14, false, "UNAUTHENTICATED"],
    ]);
    const observed = observeLane(lane, marks({ sessionEnds: true }));
    expect(observed).toMatchObject({ kind: "ends", seconds: 4 });
    expect(verdictMatches({ kind: "ends", withinSeconds: 3 }, observed)).toBe(
      false,
    );
  });

  it("after a user switch, calls an answer as the previous user a leak and times its last one", () => {
    const switchedTo = { from: "user_a", to: "user_b", at: T0 + 10_000 };
    const leaky = laneWithPings([
      [2, true, undefined, "user_a"],
      // Sent before the switch: within the grace, not a leak.
      [10.5, true, undefined, "user_a"],
      [14, true, undefined, "user_a"],
      [22, true, undefined, "user_a"],
      [30, true, undefined, "user_b"],
    ]);
    const observed = observeLane(leaky, marks({ switchedTo }));
    expect(observed).toMatchObject({
      kind: "leaks",
      seconds: 12,
      firstError: null,
    });
    expect(verdictMatches({ kind: "leaks" }, observed)).toBe(true);
    expect(verdictMatches({ kind: "survives" }, observed)).toBe(false);

    const clean = laneWithPings([
      [2, true, undefined, "user_a"],
      [10.5, true, undefined, "user_a"],
      [12, false, "UNAUTHENTICATED"],
      [32, true, undefined, "user_b"],
    ]);
    expect(observeLane(clean, marks({ switchedTo }))).toMatchObject({
      kind: "recovers",
      seconds: 2,
    });

    // Neither user: named, and not the leak the table expects.
    const stranger = laneWithPings([[20, true, undefined, "user_c"]]);
    const odd = observeLane(stranger, marks({ switchedTo }));
    expect(odd.kind).toBe("leaks");
    expect(odd.firstError).toContain("user_c");
    expect(verdictMatches({ kind: "leaks" }, odd)).toBe(false);
  });

  it("ignores queries outside the run", () => {
    const lane = laneWithPings([
      [-5, false, "before"],
      [2, true],
      [70, false, "after"],
    ]);
    expect(observeLane(lane, marks()).kind).toBe("survives");
  });

  it("holds both branches of a timing-dependent cell, and nothing else", () => {
    const timing = {
      kind: "timing",
      error: "UNAUTHENTICATED",
      on: "page timing",
    } as const;
    expect(
      verdictMatches(timing, observeLane(laneWithPings([[2, true]]), marks())),
    ).toBe(true);
    expect(
      verdictMatches(
        timing,
        observeLane(laneWithPings([[2, false, "UNAUTHENTICATED: x"]]), marks()),
      ),
    ).toBe(true);
    expect(
      verdictMatches(
        timing,
        observeLane(
          laneWithPings([[2, false, "no answer within 10 s"]]),
          marks(),
        ),
      ),
    ).toBe(false);
  });

  it("counts a page sent to sign-in as the end of access only when the session ended", () => {
    expect(pageLeftVerdict("/sign-in", 2.5, true)).toMatchObject({
      kind: "ends",
      seconds: 2.5,
    });
    expect(pageLeftVerdict("/sign-in", 2.5, false).kind).toBe("fails");
    // A reload of the harness is no end of access, even when the session ended.
    expect(pageLeftVerdict(RELOADED, 1, true)).toMatchObject({
      kind: "fails",
      firstError: "the page reloaded, and every lane started again",
    });
  });
});

describe("the catalog", () => {
  it("gives every scenario a verdict for every lane and a unique id", () => {
    const ids = new Set(SCENARIOS.map((s) => s.id));
    expect(ids.size).toBe(SCENARIOS.length);
    for (const scenario of SCENARIOS) {
      expect(Object.keys(scenario.expected).sort()).toEqual(
        [...LANE_IDS].sort(),
      );
      expect(scenarioById(scenario.id)).toBe(scenario);
    }
  });

  it("keeps Clerk's real lifetimes unless a row says it is a stress row", () => {
    for (const { settings, title } of SCENARIOS) {
      if (settings.stress) continue;
      if (settings.convexIntegration === "native")
        expect(settings.lifetimeSeconds, title).toBe(60);
      else expect(settings.lifetimeSeconds, title).toBeGreaterThanOrEqual(30);
    }
  });

  it("says how long a real-time run takes", () => {
    expect(realSeconds([{ kind: "cycles", count: 3 }], 60)).toBe(153);
    expect(
      realSeconds(
        [
          { kind: "clerk-down", seconds: 180 },
          { kind: "settle", seconds: 10 },
        ],
        60,
      ),
    ).toBe(190);
  });

  it("is the table the migration guide shows", () => {
    const guide = readFileSync(
      path.join(process.cwd(), "docs", "migration-guide.md"),
      "utf8",
    );
    const start = guide.indexOf(TABLE_START);
    const end = guide.indexOf(TABLE_END);
    expect(
      start,
      "the guide has the table's start marker",
    ).toBeGreaterThanOrEqual(0);
    expect(guide.slice(start, end + TABLE_END.length)).toBe(
      verdictTableMarkdown(),
    );
  });
});

describe("page actions", () => {
  it("accepts the faults the catalog uses and refuses anything else with a reason", () => {
    for (const scenario of SCENARIOS) {
      for (const step of scenario.steps) {
        if (step.kind !== "clerk-fault") continue;
        expect(
          scenarioActionSchema.safeParse({ kind: "faults", faults: step.fault })
            .success,
        ).toBe(true);
      }
    }
    expect(
      scenarioActionSchema.safeParse({
        kind: "faults",
        faults: { downForSeconds: 9999 },
      }).success,
    ).toBe(false);
    expect(
      scenarioActionSchema.safeParse({ kind: "end-session", reason: "bored" })
        .success,
    ).toBe(false);
    expect(
      scenarioActionSchema.safeParse({ kind: "reset-everything" }).success,
    ).toBe(false);
  });
});
