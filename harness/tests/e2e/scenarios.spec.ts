import { expect, test, type Page } from "@playwright/test";
import { LANE_IDS } from "../../designs/lanes";
import { SCENARIOS } from "../../scenarios/catalog";
import {
  describeExpected,
  describeObserved,
  observeLane,
  pageLeftVerdict,
  verdictMatches,
} from "../../scenarios/verdict";
import { recordMatrixRow } from "../../../tests/e2e/matrix";
import { signIn, uniqueUser } from "../../../tests/e2e/signIn";
import {
  controlStandIn,
  resetStackClock,
} from "../../../tests/e2e/stackControl";
import { readHarness, type HarnessSnapshot } from "./harnessSnapshot";
import {
  changeClerkSettings,
  readClerkSettings,
  type ClerkTokenSettings,
} from "./matrixClerkSettings";
import {
  browserOffsetMs,
  clearClerkFaults,
  runScenario,
} from "./scenarioDriver";

/**
 * The verdict table (harness/scenarios/catalog.ts), asserted cell by cell: every
 * design side by side on /dev/auth-harness, one scenario per test, with time
 * compressed. `SCENARIO_REPORT_ONLY=1` prints what each lane did without failing,
 * for checking a new row before its verdicts are written down.
 */

const POLL_SECONDS = 2;
const ALL_LANES = `/dev/auth-harness?lanes=${LANE_IDS.join(",")}&poll=${POLL_SECONDS}`;
const reportOnly = process.env.SCENARIO_REPORT_ONLY === "1";

let stackSettings: ClerkTokenSettings | null = null;
test.beforeAll(async () => {
  stackSettings = await readClerkSettings();
});
test.afterEach(async () => {
  // Whatever a scenario broke is mended before the next one.
  await controlStandIn("clerk", "start");
  await controlStandIn("convex", "start");
  await clearClerkFaults();
  await resetStackClock();
  if (stackSettings) {
    const {
      sessionTokenTtlSeconds,
      templateTtlSeconds,
      convexIntegration,
      multiSession,
    } = stackSettings;
    await changeClerkSettings({
      sessionTokenTtlSeconds,
      templateTtlSeconds,
      convexIntegration,
      multiSession,
    });
  }
});

/** Opens the harness with every lane and waits until each has a confirmed token. */
async function openHarness(page: Page): Promise<HarnessSnapshot> {
  if (!page.url().includes("/dev/auth-harness")) await page.goto(ALL_LANES);
  await expect(page.getByTestId("auth-harness")).toHaveAttribute(
    "data-lanes",
    LANE_IDS.join(","),
    { timeout: 60_000 },
  );
  await expect
    .poll(
      async () => {
        const snapshot = await readHarness(page);
        return LANE_IDS.filter(
          (id) =>
            (snapshot?.lanes[id].acceptances.length ?? 0) === 0 ||
            (snapshot?.lanes[id].counters.pingSuccesses ?? 0) === 0,
        );
      },
      {
        timeout: 30_000,
        message: "lanes without a confirmed token and a ping",
      },
    )
    .toEqual([]);
  return (await readHarness(page))!;
}

for (const scenario of SCENARIOS) {
  test(`verdicts: ${scenario.title}`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const { convexIntegration, lifetimeSeconds, multiSession } =
      scenario.settings;
    await changeClerkSettings({
      convexIntegration,
      multiSession: multiSession ?? false,
      ...(convexIntegration === "native"
        ? // Clerk's default template lifetime is 60 s too; the designs that use
          // the template get the same lifetime as the session token.
          {
            sessionTokenTtlSeconds: lifetimeSeconds,
            templateTtlSeconds: lifetimeSeconds,
          }
        : {
            sessionTokenTtlSeconds: scenario.settings.sessionTokenSeconds ?? 60,
            templateTtlSeconds: lifetimeSeconds,
          }),
    });
    await page.clock.install({ time: Date.now() + browserOffsetMs(scenario) });
    const signedIn = await signIn(page, uniqueUser(scenario.id), ALL_LANES);
    const loaded = await openHarness(page);
    // The page load itself: every lane's first token is sent once, then the
    // client's immediate forced refetch sends a second one, except with
    // initialAuthTokenReuse, which reuses the first (convex-js#60).
    const loadCalls = (id: (typeof LANE_IDS)[number]) =>
      loaded.lanes[id].fetches.length;
    if (!reportOnly) {
      expect
        .soft(loadCalls("official"), "official: token calls on page load")
        .toBe(2);
      expect
        .soft(
          loadCalls("official-reuse"),
          "official-reuse: token calls on page load",
        )
        .toBe(1);
    }
    const run = await runScenario(page, scenario, signedIn);
    const final = run.kind === "marks" ? (await readHarness(page))! : null;
    await testInfo.attach(`harness-${scenario.id}.json`, {
      body: JSON.stringify({ run, snapshot: final }, null, 2),
      contentType: "application/json",
    });
    const sessionEnds = scenario.steps.some((s) => s.kind === "end-session");

    const lines: string[] = [];
    for (const id of LANE_IDS) {
      const lane = final?.lanes[id] ?? null;
      const observed =
        run.kind === "marks" && lane
          ? observeLane(lane, run.marks)
          : run.kind === "left"
            ? pageLeftVerdict(run.path, run.afterSeconds, sessionEnds)
            : pageLeftVerdict("an unknown page", null, sessionEnds);
      const expected = scenario.expected[id];
      const matches = verdictMatches(expected, observed);
      lines.push(
        `  ${matches ? "ok  " : "DIFF"} ${id}: ${describeObserved(observed)} (expected: ${describeExpected(expected)}); ${observed.okQueries} ok / ${observed.failedQueries} failed queries, ${observed.tokenFetches} token calls, ${observed.reconnects} reconnects`,
      );
      await recordMatrixRow(testInfo, {
        lane: id,
        scenario: scenario.id,
        passed: matches,
        survivedExpiry:
          observed.kind === "survives" || observed.kind === "recovers",
        failedQueries: observed.failedQueries,
        successfulQueries: observed.okQueries,
        tokenFetches: observed.tokenFetches,
        refreshes:
          lane && run.kind === "marks"
            ? lane.acceptances.filter(
                (a) => a.kind === "fresh" && a.at >= run.marks.from,
              ).length
            : 0,
        maxRefreshErrorMs: null,
        note: `${describeObserved(observed)}; ${observed.reconnects} reconnects`,
      });
      if (reportOnly && !matches && lane && run.kind === "marks") {
        // What the lane did, for whoever is writing the verdict down.
        const t0 = run.marks.from;
        lines.push(
          ...lane.fetches.map(
            (f) =>
              `       fetch ${((f.startedAt - t0) / 1000).toFixed(1)} s force=${f.force} ${f.outcome} ${f.source ?? ""} ${f.error ?? ""} lives=${f.claims ? (f.claims.exp ?? 0) - (f.claims.iat ?? 0) : "-"} changed=${f.changed}`,
          ),
          ...lane.history
            .filter((h) => h.at >= t0 - 5000)
            .slice(-12)
            .map(
              (h) => `       ${((h.at - t0) / 1000).toFixed(1)} s ${h.text}`,
            ),
        );
      }
      if (!reportOnly) {
        expect
          .soft(
            describeObserved(observed),
            `${scenario.id} / ${id}: expected ${describeExpected(expected)}`,
          )
          .toBe(
            matches ? describeObserved(observed) : describeExpected(expected),
          );
        // Nobody else's identity, ever: the tab's user, or the one it switched
        // to (a lane expected to leak may still show the one it switched from).
        const switchedTo = run.kind === "marks" ? run.marks.switchedTo : null;
        const allowed = switchedTo
          ? expected.kind === "leaks"
            ? [switchedTo.from, switchedTo.to]
            : [switchedTo.to]
          : [signedIn.userId];
        if (lane && lane.whoamiSubject !== null) {
          expect.soft(allowed, `${id}: whoami`).toContain(lane.whoamiSubject);
        }
      }
    }
    console.log(`[verdicts] ${scenario.id}\n${lines.join("\n")}`);
  });
}
