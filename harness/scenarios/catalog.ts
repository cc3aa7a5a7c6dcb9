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
  | "same-token-always"
  | "token-5xx-forced"
  | "token-429"
  | "session-revoked"
  | "browser-clock-ahead"
  | "token-delay-forced"
  | "token-refused-forced"
  | "session-maximum-lifetime"
  | "session-inactivity"
  | "browser-clock-behind"
  | "convex-clock-ahead"
  | "session-switch";

export type ScenarioSettings = {
  convexIntegration: "native" | "template";
  /** The token Convex gets: the session token (native) or the `convex` template. */
  lifetimeSeconds: number;
  /** The session token's lifetime when the template is what Convex gets (default 60 s, Clerk's). */
  sessionTokenSeconds?: number;
  /** A lifetime real Clerk cannot issue (the stand-in's stress setting). */
  stress?: boolean;
  /** Clerk's multi-session mode (the stand-in's multiSession setting). */
  multiSession?: boolean;
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
const leaks: ExpectedVerdict = { kind: "leaks" };
const timing = (on: string, error = ""): ExpectedVerdict => ({
  kind: "timing",
  error,
  on,
});

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
/** periodic-invalidation: which branch a run takes depends on when the page re-rendered. */
const PERIODIC = timing("when the page last re-rendered");
/** Clients that stop sending queries while they wait for a token that never comes. */
/**
 * A client whose forced refresh failed: stuck for good in some runs, back with the
 * next scheduled refresh after the fault in others.
 */
const STUCK = timing("whether a refresh falls after the fault ends");

const WHY_STATIC =
  "Returns the page's token forever; the client's forced refetch gets the same string, so it stops refreshing (authentication_manager.ts) and the server refuses the token at expiry.";
/** Token-endpoint faults: Clerk's Frontend API only. */
const WHY_SERVER_ENDPOINT =
  "Its tokens come from the server through the Backend API, which the fault does not touch.";
const WHY_PERIODIC =
  "Survives only when a newer server render has replaced the token by the time the server rejects the old one; which happens first depends on page timing.";

/** Rows where nothing fails but time: only the designs that cannot refresh suffer. */
const ONLY_EXPIRY_MATTERS: Pick<Scenario, "expected" | "why"> = {
  expected: lanes(survives, {
    "svelte-static": STATIC_EXPIRES,
    "periodic-invalidation": PERIODIC,
  }),
  why: { "svelte-static": WHY_STATIC, "periodic-invalidation": WHY_PERIODIC },
};

/** A forced token request that fails (5xx or 429), and what each design makes of it. */
const FAILED_FORCED_REFRESH: Pick<Scenario, "expected" | "why"> = {
  expected: lanes(survives, {
    official: STUCK,
    "official-reuse": STUCK,
    "patient-token": recovers(60),
    "svelte-hybrid": STUCK,
    "svelte-static": STATIC_EXPIRES,
    "periodic-invalidation": PERIODIC,
  }),
  why: {
    official:
      "ConvexProviderWithClerk turns the failed getToken into null and the client holds its queries (no answer). In some runs it stayed stuck after Clerk answered again; in others its next scheduled refresh brought it back.",
    "official-reuse": "As official.",
    "patient-token":
      "Its getToken waits out the failure (a session touch every 2 s) and hands the client a token once Clerk answers.",
    "svelte-hybrid": "Swallows the error into undefined: as official.",
    "server-endpoint": WHY_SERVER_ENDPOINT,
    "svelte-static": WHY_STATIC,
    "periodic-invalidation": WHY_PERIODIC,
  },
};

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
    ...ONLY_EXPIRY_MATTERS,
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
    ...ONLY_EXPIRY_MATTERS,
  },
  {
    id: "expiry-template-3600",
    title:
      "The write-up's production setting: a 3600 s convex template, 3 refresh cycles",
    answers: {
      text: "The SvelteKit write-up's template lifetime; its bug takes an hour to show.",
    },
    // Session tokens live as long here (a stress setting): with Clerk's 60 s ones,
    // compressing an hour without skipping a cookie renewal takes 90 jumps a cycle.
    settings: {
      convexIntegration: "template",
      lifetimeSeconds: 3600,
      sessionTokenSeconds: 3600,
      stress: true,
    },
    steps: [{ kind: "cycles", count: 3 }],
    ...ONLY_EXPIRY_MATTERS,
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
    ...ONLY_EXPIRY_MATTERS,
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
    expected: lanes(survives, {
      "svelte-static": STATIC_EXPIRES,
      "server-endpoint": timing("when the session cookie was renewed"),
      "periodic-invalidation": PERIODIC,
    }),
    why: {
      official:
        "Survives at the cost of a reconnect a cycle: the repeated token stops the client's refreshing (authentication_manager.ts), the server closes the socket when it expires, and the re-authentication gets a new token, because the stand-in repeats a token only to forced requests and clerk-js's own cache has moved on.",
      "svelte-static": WHY_STATIC,
      "periodic-invalidation": WHY_PERIODIC,
    },
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
    ...FAILED_FORCED_REFRESH,
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
    ...FAILED_FORCED_REFRESH,
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
    expected: lanes(ends(10)),
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
    ...ONLY_EXPIRY_MATTERS,
    suiteOnly: "A page cannot move its own browser's clock.",
  },
  {
    id: "token-delay-forced",
    title: "Forced token requests take 12 s, for 1 cycle",
    answers: {
      text: "clerk/javascript#8083 and #3471 both start with slow token responses.",
      url: "https://github.com/clerk/javascript/issues/8083",
    },
    settings: SESSION_60,
    steps: [
      {
        kind: "clerk-fault",
        fault: {
          tokenEndpoint: { kind: "delay", seconds: 12, only: "forced" },
        },
      },
      { kind: "cycles", count: 1 },
      { kind: "clear" },
      { kind: "cycles", count: 1 },
    ],
    expected: lanes(recovers(75), {
      "svelte-static": STATIC_EXPIRES,
      "server-endpoint": survives,
      "periodic-invalidation": PERIODIC,
    }),
    why: {
      official:
        "The client asks for its next token 10 s before expiry (authRefreshTokenLeewaySeconds, authentication_manager.ts); a 12 s answer comes after the old token expired, the server closes the connection, and the client holds its queries until a later token is confirmed: about a lifetime without data.",
      "official-reuse": "As official.",
      "patient-token":
        "As official: waiting longer does not help when the answer itself is late.",
      "svelte-hybrid": "As official.",
      "server-endpoint": WHY_SERVER_ENDPOINT,
      "svelte-static": WHY_STATIC,
      "periodic-invalidation": WHY_PERIODIC,
    },
  },
  {
    id: "token-refused-forced",
    title: "Forced token requests are refused (connection closed) for 2 cycles",
    answers: {
      text: "Clerk's Frontend API unreachable for token requests only (a proxy or firewall), clerk/javascript#8083.",
      url: "https://github.com/clerk/javascript/issues/8083",
    },
    settings: SESSION_60,
    steps: [
      {
        kind: "clerk-fault",
        fault: { tokenEndpoint: { kind: "refused", only: "forced" } },
      },
      { kind: "cycles", count: 2 },
      { kind: "clear" },
      { kind: "cycles", count: 1 },
    ],
    ...FAILED_FORCED_REFRESH,
  },
  {
    id: "session-maximum-lifetime",
    title: "The session reaches its maximum lifetime",
    answers: {
      text: "Clerk ends every session after its maximum lifetime (7 days by default).",
      url: "https://clerk.com/docs/guides/secure/session-options",
    },
    settings: SESSION_60,
    steps: [
      { kind: "end-session", reason: "maximum_lifetime" },
      { kind: "cycles", count: 2 },
    ],
    expected: lanes(ends(10)),
  },
  {
    id: "session-inactivity",
    title: "The session expires for inactivity",
    answers: {
      text: "Clerk's inactivity timeout ends a session nobody used for its set time.",
      url: "https://clerk.com/docs/guides/secure/session-options",
    },
    settings: SESSION_60,
    steps: [
      { kind: "end-session", reason: "inactivity" },
      { kind: "cycles", count: 2 },
    ],
    expected: lanes(ends(10)),
  },
  {
    id: "browser-clock-behind",
    title: "The browser's clock 10 minutes behind, 3 refresh cycles",
    answers: {
      text: "Clock skew between browser and Clerk, the other way round.",
    },
    settings: SESSION_60,
    steps: [
      { kind: "skew", piece: "browser", seconds: -600 },
      { kind: "cycles", count: 3 },
    ],
    ...ONLY_EXPIRY_MATTERS,
    suiteOnly: "A page cannot move its own browser's clock.",
  },
  {
    id: "convex-clock-ahead",
    title: "The Convex backend's clock 20 s ahead of Clerk's, 3 refresh cycles",
    answers: {
      text: "Convex checks exp with no skew allowance: a backend clock ahead of Clerk's shortens every token.",
    },
    settings: SESSION_60,
    steps: [
      { kind: "skew", piece: "convex", seconds: 20 },
      { kind: "cycles", count: 3 },
    ],
    ...ONLY_EXPIRY_MATTERS,
    suiteOnly: "A page cannot move the backend's clock.",
  },
  {
    id: "session-switch",
    title:
      "Multi-session: another account added in the same browser and the tab switched to it",
    answers: {
      text: "A session change must reach the Convex client: convex 1.48's ConvexProviderWithClerk rebuilds its token fetcher when the session id changes (src/react-clerk/ConvexProviderWithClerk.tsx); convex-js#161 describes the versions that did not.",
      url: "https://github.com/get-convex/convex-js/pull/161",
    },
    settings: { ...SESSION_60, multiSession: true },
    steps: [{ kind: "switch-session" }, { kind: "cycles", count: 1 }],
    expected: lanes(survives, {
      "svelte-hybrid": leaks,
      "svelte-static": leaks,
      "server-endpoint": leaks,
      "periodic-invalidation": leaks,
    }),
    why: {
      official:
        "ConvexProviderWithClerk's token fetcher depends on the session id, so the switch makes it call setAuth again and the client authenticates as the new user at once (src/react-clerk/ConvexProviderWithClerk.tsx).",
      "official-reuse": "As official.",
      "patient-token":
        "Goes through ConvexProviderWithClerk with Clerk's own session id: as official.",
      "svelte-hybrid":
        "Its fetcher is handed to the client once; nothing calls setAuth on a session change, so the client keeps the previous user's token until its next scheduled refresh, about 50 s later.",
      "svelte-static":
        "Keeps the page's token, the previous user's, until it expires; then it fails as in the expiry rows.",
      "server-endpoint":
        "As svelte-hybrid: its next scheduled refresh gets the new user's token from the server.",
      "periodic-invalidation":
        "As svelte-static until its next server render hands it the new user's token.",
    },
    suiteOnly:
      "The page cannot sign a second user in by itself; the E2E suite mints a sign-in ticket for one.",
  },
];

export function scenarioById(id: string): Scenario | null {
  return SCENARIOS.find((scenario) => scenario.id === id) ?? null;
}
