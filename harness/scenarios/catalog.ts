import type { LaneId } from "../designs/lanes";
import type { ScenarioStep } from "./steps";
import type { ExpectedVerdict } from "./verdict";

/**
 * The verdict table: every design under every scenario, with the verdict the E2E
 * suite asserts (harness/tests/e2e/scenarios.spec.ts) and the page shows. A change
 * in Clerk's or Convex's behaviour that moves a cell fails the suite.
 */

export type ScenarioId =
  | "expiry-session-60"
  | "expiry-template-30"
  | "expiry-template-3600"
  | "stress-session-15"
  | "same-token-once"
  | "same-token-always"
  | "token-5xx-forced"
  | "token-429"
  | "token-delay"
  | "clerk-down"
  | "convex-down"
  | "laptop-sleep"
  | "hidden-tab"
  | "session-revoked"
  | "session-max-lifetime"
  | "session-inactivity"
  | "browser-clock-ahead"
  | "browser-clock-behind"
  | "next-clock-ahead";

export type ScenarioSettings = {
  convexIntegration: "native" | "template";
  /** The token Convex gets: the session token (native) or the `convex` template. */
  lifetimeSeconds: number;
  /** A lifetime real Clerk cannot issue (the stand-in's stress setting). */
  stress?: boolean;
};

export type Scenario = {
  id: ScenarioId;
  title: string;
  /** The public report this row answers, or the reason the row exists. */
  answers: { text: string; url?: string };
  settings: ScenarioSettings;
  steps: ScenarioStep[];
  expected: Record<LaneId, ExpectedVerdict>;
  /** Why a lane gets its verdict, where it is not obvious; cites the client code. */
  why?: Partial<Record<LaneId, string>>;
  /** Set when the page cannot run the scenario (only the E2E suite can). */
  suiteOnly?: string;
};

const SESSION_60: ScenarioSettings = {
  convexIntegration: "native",
  lifetimeSeconds: 60,
};

const survives: ExpectedVerdict = { kind: "survives" };
const recovers = (withinSeconds: number): ExpectedVerdict => ({
  kind: "recovers",
  withinSeconds,
});
const ends = (withinSeconds: number): ExpectedVerdict => ({
  kind: "ends",
  withinSeconds,
});
const fails = (error: string): ExpectedVerdict => ({ kind: "fails", error });

/** One verdict for every lane, then the exceptions. */
function lanes(
  all: ExpectedVerdict,
  exceptions: Partial<Record<LaneId, ExpectedVerdict>> = {},
): Record<LaneId, ExpectedVerdict> {
  return {
    official: all,
    "official-reuse": all,
    "patient-token": all,
    "svelte-hybrid": all,
    "svelte-static": all,
    "server-endpoint": all,
    "periodic-invalidation": all,
    ...exceptions,
  };
}

const STATIC_EXPIRES = fails("UNAUTHENTICATED");

export const SCENARIOS: Scenario[] = [
  {
    id: "expiry-session-60",
    title: "Session tokens (native integration), 60 s, 3 refresh cycles",
    answers: {
      text: "Clerk's session token lifetime is fixed at 60 s.",
      url: "https://clerk.com/docs/guides/sessions/session-tokens",
    },
    settings: SESSION_60,
    steps: [{ kind: "cycles", count: 3 }],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "expiry-template-30",
    title: "The convex template at Clerk's minimum, 30 s, 3 refresh cycles",
    answers: {
      text: "A JWT template's lifetime is at least 30 s (Backend API).",
      url: "https://clerk.com/docs/reference/backend-api/tag/jwt-templates",
    },
    settings: { convexIntegration: "template", lifetimeSeconds: 30 },
    steps: [{ kind: "cycles", count: 3 }],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "expiry-template-3600",
    title:
      "The write-up's production setting: a 3600 s convex template, 3 refresh cycles",
    answers: {
      text: "The SvelteKit write-up's template lifetime; its bug takes an hour to show.",
    },
    settings: { convexIntegration: "template", lifetimeSeconds: 3600 },
    steps: [{ kind: "cycles", count: 3 }],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "stress-session-15",
    title:
      "Stress: 15 s session tokens, 3 refresh cycles (real Clerk cannot issue these)",
    answers: {
      text: "The short lifetime earlier versions of this matrix used; kept as a stress row.",
    },
    settings: {
      convexIntegration: "native",
      lifetimeSeconds: 15,
      stress: true,
    },
    steps: [{ kind: "cycles", count: 3 }],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "same-token-once",
    title: "Clerk hands back the same token on one forced refresh",
    answers: {
      text: "get-convex/convex-js#184: the identity provider returns the identical token on a forced refresh.",
      url: "https://github.com/get-convex/convex-js/issues/184",
    },
    settings: SESSION_60,
    steps: [
      { kind: "clerk-fault", fault: { sameTokenAgain: "once" } },
      { kind: "cycles", count: 3 },
      { kind: "clear" },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "same-token-always",
    title:
      "Clerk hands back the same token on every forced refresh, for 3 cycles",
    answers: {
      text: "get-convex/convex-js#184, when the provider keeps doing it.",
      url: "https://github.com/get-convex/convex-js/issues/184",
    },
    settings: SESSION_60,
    steps: [
      { kind: "clerk-fault", fault: { sameTokenAgain: "always" } },
      { kind: "cycles", count: 3 },
      { kind: "clear" },
      { kind: "cycles", count: 1 },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "token-5xx-forced",
    title: "Forced token requests answer 503 for 2 cycles",
    answers: {
      text: "clerk/javascript#8083: token requests that fail only when the cache is skipped.",
      url: "https://github.com/clerk/javascript/issues/8083",
    },
    settings: SESSION_60,
    steps: [
      {
        kind: "clerk-fault",
        fault: {
          tokenEndpoint: { kind: "status5xx", status: 503, only: "forced" },
        },
      },
      { kind: "cycles", count: 2 },
      { kind: "clear" },
      { kind: "cycles", count: 1 },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "token-429",
    title: "Every token request answers 429 (retry-after 5 s) for 2 cycles",
    answers: {
      text: "clerk/javascript#3471: bot protection answering 429 to token requests.",
      url: "https://github.com/clerk/javascript/issues/3471",
    },
    settings: SESSION_60,
    steps: [
      {
        kind: "clerk-fault",
        fault: {
          tokenEndpoint: {
            kind: "status429",
            retryAfterSeconds: 5,
            only: "all",
          },
        },
      },
      { kind: "cycles", count: 2 },
      { kind: "clear" },
      { kind: "cycles", count: 1 },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "token-delay",
    title: "Forced token requests take 8 s for 2 cycles",
    answers: {
      text: "clerk/javascript#8083: slow token responses.",
      url: "https://github.com/clerk/javascript/issues/8083",
    },
    settings: SESSION_60,
    steps: [
      {
        kind: "clerk-fault",
        fault: { tokenEndpoint: { kind: "delay", seconds: 8, only: "forced" } },
      },
      { kind: "cycles", count: 2 },
      { kind: "clear" },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "clerk-down",
    title: "Clerk unreachable for 3 token lifetimes (3 min), then back",
    answers: {
      text: 'A Clerk outage longer than a token: the official path left every tab on "Your session ended" and dropped a write.',
    },
    settings: SESSION_60,
    steps: [
      { kind: "clerk-down", seconds: 180 },
      { kind: "settle", seconds: 10 },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
  },
  {
    id: "convex-down",
    title: "Convex unreachable for 20 s, then back",
    answers: {
      text: "A deployment restart or a network drop between the browser and Convex.",
    },
    settings: SESSION_60,
    steps: [
      { kind: "convex-down", seconds: 20 },
      { kind: "settle", seconds: 10 },
    ],
    expected: lanes(recovers(10)),
    suiteOnly:
      "Stopping the Convex backend stops it for every user of it; the E2E suite runs this row.",
  },
  {
    id: "laptop-sleep",
    title: "The laptop sleeps 70 minutes, every token long expired",
    answers: {
      text: "A time jump past expiry: a closed lid, a suspended VM.",
    },
    settings: SESSION_60,
    steps: [
      { kind: "advance", seconds: 4200 },
      { kind: "settle", seconds: 8 },
    ],
    expected: lanes(recovers(8), { "svelte-static": STATIC_EXPIRES }),
    suiteOnly:
      "A page cannot put its own browser to sleep; the E2E suite moves every clock.",
  },
  {
    id: "hidden-tab",
    title: "A tab hidden behind another for 3 minutes",
    answers: {
      text: "clerk/javascript#6891: what tabs in the background do with their timers and tokens.",
      url: "https://github.com/clerk/javascript/issues/6891",
    },
    settings: SESSION_60,
    steps: [
      { kind: "hide-tab", seconds: 180 },
      { kind: "settle", seconds: 6 },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
    suiteOnly:
      "The E2E suite puts another tab in front; a page cannot hide itself.",
  },
  {
    id: "session-revoked",
    title: "The session is revoked on Clerk's side",
    answers: {
      text: "Sign-out elsewhere, or an admin revoking a session: data must stop.",
    },
    settings: SESSION_60,
    steps: [
      { kind: "end-session", reason: "revoked" },
      { kind: "cycles", count: 2 },
    ],
    expected: lanes(ends(70)),
  },
  {
    id: "session-max-lifetime",
    title: "The session reaches its maximum lifetime",
    answers: { text: "Clerk's maximum session lifetime (7 days by default)." },
    settings: SESSION_60,
    steps: [
      { kind: "end-session", reason: "maximum_lifetime" },
      { kind: "cycles", count: 2 },
    ],
    expected: lanes(ends(70)),
  },
  {
    id: "session-inactivity",
    title: "The session expires for inactivity",
    answers: { text: "Clerk's inactivity timeout, when an instance sets one." },
    settings: SESSION_60,
    steps: [
      { kind: "end-session", reason: "inactivity" },
      { kind: "cycles", count: 2 },
    ],
    expected: lanes(ends(70)),
  },
  {
    id: "browser-clock-ahead",
    title: "The browser's clock 10 minutes ahead, 3 refresh cycles",
    answers: {
      text: "Clock skew between browser and Clerk: 15x the Frontend API token requests, measured in this project.",
    },
    settings: SESSION_60,
    steps: [
      { kind: "skew", piece: "browser", seconds: 600 },
      { kind: "cycles", count: 3 },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
    suiteOnly: "A page cannot move its own browser's clock.",
  },
  {
    id: "browser-clock-behind",
    title: "The browser's clock 10 minutes behind, 3 refresh cycles",
    answers: { text: "Clock skew the other way." },
    settings: SESSION_60,
    steps: [
      { kind: "skew", piece: "browser", seconds: -600 },
      { kind: "cycles", count: 3 },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
    suiteOnly: "A page cannot move its own browser's clock.",
  },
  {
    id: "next-clock-ahead",
    title: "The Next.js server's clock 2 minutes ahead, 3 refresh cycles",
    answers: {
      text: "A server whose clock drifted: its Clerk middleware judges the session cookie's token by it.",
    },
    settings: SESSION_60,
    steps: [
      { kind: "skew", piece: "next", seconds: 120 },
      { kind: "cycles", count: 3 },
    ],
    expected: lanes(survives, { "svelte-static": STATIC_EXPIRES }),
    suiteOnly: "Moving the server's clock needs the E2E stack (libfaketime).",
  },
];

export function scenarioById(id: string): Scenario | null {
  return SCENARIOS.find((scenario) => scenario.id === id) ?? null;
}
