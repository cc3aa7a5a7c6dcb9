import { expect, type Page } from "@playwright/test";
import { e2eEnv } from "../../../scripts/e2eEnv";
import {
  controlStandIn,
  jumpStackClock,
  readStackClock,
  setServerClock,
} from "../../../tests/e2e/stackControl";
import { revokeSession } from "../../../tests/e2e/signIn";
import type { Scenario } from "../../scenarios/catalog";
import {
  endsFault,
  startsFault,
  type ScenarioStep,
} from "../../scenarios/steps";
import type { RunMarks } from "../../scenarios/verdict";
import { readHarness } from "./harnessSnapshot";

/**
 * Runs a scenario's steps against the E2E stack with time compressed: `cycles` and
 * `advance` move the browser's clock (Playwright's) and the Clerk, Convex and
 * Next.js clocks forward together, so an hour of token life takes a second.
 */

/** The page's clock (Playwright's, after `page.clock.install`). */
export const pageNow = (page: Page) => page.evaluate(() => Date.now());

/** Every clock forward by `seconds`: the servers first, so the browser never runs ahead. */
export async function jumpAll(page: Page, seconds: number) {
  const reading = await jumpStackClock(seconds);
  expect(reading.agree, reading.disagreement).toBe(true);
  await page.clock.fastForward(seconds * 1000);
}

async function clerkAdmin(path: string, body: unknown) {
  const response = await fetch(`${e2eEnv.clerkUrl}/_admin${path}`, {
    method: "POST",
    headers: {
      "x-admin-key": e2eEnv.adminKey,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
  expect(response.ok, `Clerk stand-in ${path}: ${await response.text()}`).toBe(
    true,
  );
}

export const clearClerkFaults = () =>
  clerkAdmin("/faults", {
    sameTokenAgain: "off",
    tokenEndpoint: null,
    downForSeconds: 0,
  });

/**
 * Waits until no lane has a token call in flight (a slow token endpoint, a retry),
 * at least `minMs` so the pings after a jump have answered.
 */
async function settleTokenCalls(page: Page, minMs: number, maxMs: number) {
  const started = Date.now();
  await page.waitForTimeout(minMs);
  while (Date.now() - started < maxMs) {
    const snapshot = await readHarness(page);
    const pending = snapshot
      ? Object.values(snapshot.lanes).some((lane) =>
          lane.fetches.some((f) => f.outcome === "pending"),
        )
      : false;
    if (!pending) return;
    await page.waitForTimeout(500);
  }
}

/** The tab's JavaScript stops (as a frozen background tab's does) while `during` runs. */
async function withTabPaused(page: Page, during: () => Promise<void>) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Debugger.enable");
  const paused = new Promise((resolve) => cdp.once("Debugger.paused", resolve));
  await cdp.send("Debugger.pause");
  await paused;
  try {
    await during();
  } finally {
    await cdp.send("Debugger.resume");
    await cdp.detach();
  }
}

async function runStep(
  page: Page,
  step: ScenarioStep,
  scenario: Scenario,
  sessionId: string,
) {
  const lifetime = scenario.settings.lifetimeSeconds;
  switch (step.kind) {
    case "cycles":
      for (let cycle = 0; cycle < step.count; cycle++) {
        // Past every lane's refresh point (lifetime − 10 s after its last token),
        // before the expiry of a token fetched in the last 9 s.
        await jumpAll(page, lifetime - 9);
        await settleTokenCalls(page, 2500, 15_000);
      }
      return;
    case "advance":
      await jumpAll(page, step.seconds);
      return;
    case "clerk-fault":
      await clerkAdmin("/faults", step.fault);
      return;
    case "clear":
      await clearClerkFaults();
      return;
    case "clerk-down":
    case "convex-down": {
      const standIn = step.kind === "clerk-down" ? "clerk" : "convex";
      await controlStandIn(standIn, "stop");
      await page.waitForTimeout(1000);
      await jumpAll(page, step.seconds);
      await page.waitForTimeout(1000);
      await controlStandIn(standIn, "start");
      return;
    }
    case "end-session":
      if (step.reason === "revoked") await revokeSession(sessionId);
      else
        await clerkAdmin(`/sessions/${encodeURIComponent(sessionId)}/expire`, {
          reason: step.reason,
        });
      return;
    case "skew":
      if (step.piece === "browser") {
        await page.clock.setSystemTime(
          (await pageNow(page)) + step.seconds * 1000,
        );
      } else {
        const current = (await readStackClock()).offsets[step.piece];
        await setServerClock(step.piece, current + step.seconds);
      }
      return;
    case "hide-tab":
      await withTabPaused(page, async () => {
        const reading = await jumpStackClock(step.seconds);
        expect(reading.agree, reading.disagreement).toBe(true);
      });
      await page.clock.fastForward(step.seconds * 1000);
      return;
    case "settle":
      await page.waitForTimeout(step.seconds * 1000);
      return;
  }
}

/** Runs every step; returns the page-clock marks the verdicts are read against. */
export async function runScenario(
  page: Page,
  scenario: Scenario,
  sessionId: string,
): Promise<RunMarks> {
  const from = await pageNow(page);
  let faultFrom: number | null = null;
  let faultTo: number | null = null;
  for (const step of scenario.steps) {
    if (faultFrom === null && startsFault(step))
      faultFrom = await pageNow(page);
    await runStep(page, step, scenario, sessionId);
    if (endsFault(step)) faultTo = await pageNow(page);
  }
  // A last look: three pings' worth of real time.
  await page.waitForTimeout(3000);
  const to = await pageNow(page);
  return {
    from,
    faultFrom: faultFrom ?? from,
    faultTo,
    to,
    sessionEnds: scenario.steps.some((step) => step.kind === "end-session"),
  };
}
