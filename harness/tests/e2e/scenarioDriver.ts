import { expect, type Page } from "@playwright/test";
import { e2eEnv } from "../../../scripts/e2eEnv";
import {
  controlStandIn,
  jumpAll,
  jumpStackClock,
  passTime,
  readStackClock,
  setServerClock,
} from "../../../tests/e2e/stackControl";
import {
  revokeSession,
  signInWithoutLeaving,
  uniqueUser,
  type SignedIn,
} from "../../../tests/e2e/signIn";
import type { Scenario } from "../../scenarios/catalog";
import {
  endsFault,
  startsFault,
  type ScenarioStep,
} from "../../scenarios/steps";
import { RELOADED, type RunMarks } from "../../scenarios/verdict";
import { readHarness } from "./harnessSnapshot";

/**
 * Runs a scenario's steps against the E2E stack with time compressed: `cycles` and
 * `advance` move the browser's clock (Playwright's) and the Clerk, Convex and
 * Next.js clocks forward together, so an hour of token life takes a second.
 */

/** The page's clock (Playwright's, after `page.clock.install`). */
export const pageNow = (page: Page) => page.evaluate(() => Date.now());

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

/** The longest delay a scenario's token-endpoint faults add, in real ms. */
function tokenDelayMs(scenario: Scenario): number {
  let longest = 0;
  for (const step of scenario.steps) {
    if (step.kind !== "clerk-fault" || !("tokenEndpoint" in step.fault))
      continue;
    const fault = step.fault.tokenEndpoint;
    if (fault.kind === "delay")
      longest = Math.max(longest, (fault.seconds ?? 0) * 1000);
  }
  return longest;
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

/** A user switch a step made: who the tab left, who it now is, and from when (page clock). */
type Switch = { from: string; to: string; at: number };

async function runStep(
  page: Page,
  step: ScenarioStep,
  scenario: Scenario,
  signedIn: SignedIn,
): Promise<Switch | void> {
  const { sessionId } = signedIn;
  const lifetime = scenario.settings.lifetimeSeconds;
  const skewed = scenario.steps.some((s) => s.kind === "skew");
  switch (step.kind) {
    case "cycles":
      for (let cycle = 0; cycle < step.count; cycle++) {
        // Past every lane's refresh point (lifetime − 10 s after its last token),
        // before the expiry of a token fetched in the last 9 s.
        await passTime([page], lifetime - 9, {
          skewed,
          browserOffsetSeconds: browserOffsetMs(scenario) / 1000,
        });
        // A client stuck on a token that never comes keeps its call pending:
        // wait a little for slow answers (a delay fault's whole delay), not for those.
        await settleTokenCalls(page, 1500, 4000 + tokenDelayMs(scenario));
      }
      return;
    case "advance":
      // A sleeping laptop: one jump, nothing runs in between.
      await jumpAll(page, step.seconds, skewed);
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
      // In 15 s pieces: clients find the stand-in gone while it is gone, as they
      // would over minutes of real time, instead of all at once on its return.
      for (let left = step.seconds; left > 0; left -= 15) {
        await jumpAll(page, Math.min(15, left), skewed);
        await page.waitForTimeout(300);
      }
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
      // The browser's skew is set when its clock is installed (see browserOffset).
      if (step.piece !== "browser") {
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
    case "switch-session": {
      const next = await signInWithoutLeaving(page, uniqueUser("added"));
      return {
        from: signedIn.userId,
        to: next.userId,
        at: await pageNow(page),
      };
    }
  }
}

/**
 * Runs every step; returns the page-clock marks the verdicts are read against, or
 * where the page went if it left the harness (Clerk sends a tab whose session
 * ended to sign in), with the real seconds from the fault to that navigation.
 */
export async function runScenario(
  page: Page,
  scenario: Scenario,
  signedIn: SignedIn,
): Promise<
  | { kind: "marks"; marks: RunMarks }
  | { kind: "left"; path: string; afterSeconds: number | null }
> {
  let leftAt: number | null = null;
  let leftFor = "";
  // The tab leaving the harness ends every lane (Clerk's client-side redirects
  // included), and so does the harness loading again: a reload starts every lane
  // from scratch. The harness's own URL updates are neither.
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame() || leftAt !== null) return;
    const path = new URL(frame.url()).pathname;
    if (path.includes("/dev/auth-harness")) return;
    leftAt = Date.now();
    leftFor = path;
  });
  page.on("domcontentloaded", () => {
    if (leftAt !== null) return;
    leftAt = Date.now();
    leftFor = RELOADED;
  });
  const from = await pageNow(page);
  let faultFrom: number | null = null;
  let realFaultFrom: number | null = null;
  let faultTo: number | null = null;
  let switchedTo: Switch | null = null;
  for (const step of scenario.steps) {
    if (leftAt !== null) break;
    if (faultFrom === null && startsFault(step)) {
      faultFrom = await pageNow(page);
      realFaultFrom = Date.now();
    }
    switchedTo = (await runStep(page, step, scenario, signedIn)) ?? switchedTo;
    if (endsFault(step) && leftAt === null) faultTo = await pageNow(page);
  }
  // A last look: a few pings' worth of real time.
  await page.waitForTimeout(3000);
  if (leftAt !== null) {
    await page.waitForLoadState();
    return {
      kind: "left",
      path: leftFor,
      afterSeconds:
        realFaultFrom === null
          ? null
          : Math.round((leftAt - realFaultFrom) / 100) / 10,
    };
  }
  const to = await pageNow(page);
  return {
    kind: "marks",
    marks: {
      from,
      faultFrom: faultFrom ?? from,
      faultTo,
      to,
      sessionEnds: scenario.steps.some((step) => step.kind === "end-session"),
      switchedTo,
    },
  };
}

/** The browser clock's offset a scenario asks for, set before the page loads. */
export function browserOffsetMs(scenario: Scenario): number {
  const skew = scenario.steps.find(
    (step) => step.kind === "skew" && step.piece === "browser",
  );
  return skew && skew.kind === "skew" ? skew.seconds * 1000 : 0;
}
