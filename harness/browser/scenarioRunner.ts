import type { Scenario } from "@/harness/scenarios/catalog";
import {
  describeStep,
  endsFault,
  startsFault,
  type ScenarioStep,
} from "@/harness/scenarios/steps";
import {
  SCENARIO_ROUTE,
  type ScenarioAction,
} from "@/harness/scenarios/pageActions";
import type { RunMarks } from "@/harness/scenarios/verdict";
import { TOKEN_SETTINGS_ROUTE } from "@/harness/model/tokenSettings";
import { errorField, fetchJson } from "../fetchJson";

/**
 * Runs a scenario from the harness page, in real time: what the E2E suite jumps
 * over, the page waits out. Faults go through the page's own server routes.
 */

export type ScenarioProgress = (text: string) => void;

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new Error("The run was stopped."));
    });
  });

async function post(url: string, body: unknown, what: string) {
  const answer = await fetchJson(
    url,
    { method: "POST", body, timeoutMs: 10_000 },
    {
      noAnswer: `The page's server did not answer while ${what}.`,
      failed: (status, payload) =>
        `Could not ${what}: ${errorField(payload) ?? `the server answered ${status}.`}`,
    },
  );
  if (!answer.ok) throw new Error(answer.sentence);
}

const action = (body: ScenarioAction, what: string) =>
  post(SCENARIO_ROUTE, body, what);

/** The token settings a scenario runs with, through the page's settings route. */
export async function applyScenarioSettings(scenario: Scenario) {
  const { convexIntegration, lifetimeSeconds, stress } = scenario.settings;
  await post(
    TOKEN_SETTINGS_ROUTE,
    {
      convexIntegration,
      stressLifetimes: stress === true,
      ...(convexIntegration === "native"
        ? {
            sessionTokenTtlSeconds: lifetimeSeconds,
            templateTtlSeconds: lifetimeSeconds,
          }
        : {
            sessionTokenTtlSeconds: scenario.settings.sessionTokenSeconds ?? 60,
            templateTtlSeconds: lifetimeSeconds,
          }),
    },
    "apply the scenario's token settings",
  );
}

async function runStep(
  step: ScenarioStep,
  lifetimeSeconds: number,
  signal: AbortSignal,
) {
  switch (step.kind) {
    case "cycles":
      return wait(step.count * (lifetimeSeconds - 9) * 1000, signal);
    case "advance":
    case "settle":
      return wait(step.seconds * 1000, signal);
    case "clerk-fault":
      return action({ kind: "faults", faults: step.fault }, "set the fault");
    case "clear":
      return action(
        {
          kind: "faults",
          faults: { sameTokenAgain: "off", tokenEndpoint: null },
        },
        "clear the faults",
      );
    case "clerk-down":
      await action(
        { kind: "faults", faults: { downForSeconds: step.seconds } },
        "take Clerk down",
      );
      return wait(step.seconds * 1000, signal);
    case "end-session":
      return action(
        { kind: "end-session", reason: step.reason },
        "end the session",
      );
    case "convex-down":
    case "skew":
    case "hide-tab":
    case "switch-session":
      throw new Error(
        `The page cannot do this step (${describeStep(step)}); the E2E suite does.`,
      );
  }
}

/** Runs the steps; returns the marks the verdicts are read against. */
export async function runScenarioOnPage(
  scenario: Scenario,
  onProgress: ScenarioProgress,
  signal: AbortSignal,
): Promise<RunMarks> {
  const from = Date.now();
  let faultFrom: number | null = null;
  let faultTo: number | null = null;
  try {
    for (const [index, step] of scenario.steps.entries()) {
      onProgress(
        `Step ${index + 1} of ${scenario.steps.length}: ${describeStep(step)}.`,
      );
      if (faultFrom === null && startsFault(step)) faultFrom = Date.now();
      await runStep(step, scenario.settings.lifetimeSeconds, signal);
      if (endsFault(step)) faultTo = Date.now();
    }
    onProgress("A last look: 6 s for the lanes to answer.");
    await wait(6000, signal);
  } finally {
    // A stopped or failed run leaves no fault behind.
    await action(
      {
        kind: "faults",
        faults: {
          sameTokenAgain: "off",
          tokenEndpoint: null,
        },
      },
      "clear the faults",
    ).catch(() => {});
  }
  const to = Date.now();
  return {
    from,
    faultFrom: faultFrom ?? from,
    faultTo,
    to,
    sessionEnds: scenario.steps.some((step) => step.kind === "end-session"),
  };
}
