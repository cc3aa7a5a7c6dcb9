export type ConvexIntegration = "native" | "template";

/** Run-time knobs; start from the options, changed via /_admin/settings. */
export type Settings = {
  /** Real Clerk: always 60 s. Anything else needs `stressLifetimes`. */
  sessionTokenTtlSeconds: number;
  convexIntegration: ConvexIntegration;
  /** Shifts every time the stand-in reports (token iat/exp, updated_at, expiries). */
  clockOffsetSeconds: number;
  /**
   * Lets session tokens live other than 60 s and JWT templates live under
   * 30 s. Real Clerk cannot be configured either way; this exists only to
   * stress token refresh in tests.
   */
  stressLifetimes: boolean;
  /**
   * Clerk's multi-session mode: a browser may hold several signed-in sessions
   * and switch between them. Off by default, as in a new Clerk application.
   */
  multiSession: boolean;
};

/** Clerk's session tokens live 60 s; the dashboard offers no other value. */
export const CLERK_SESSION_TOKEN_SECONDS = 60;
/** Clerk's Backend API bounds for a JWT template's `lifetime`. */
export const TEMPLATE_LIFETIME_MIN_SECONDS = 30;
export const TEMPLATE_LIFETIME_MAX_SECONDS = 315_360_000;
/** Clerk's default lifetime for a new JWT template. */
export const TEMPLATE_LIFETIME_DEFAULT_SECONDS = 60;
/** Under stressLifetimes: the shortest lifetime of either kind, and the longest session token. */
export const STRESS_LIFETIME_MIN_SECONDS = 1;
export const STRESS_SESSION_TOKEN_MAX_SECONDS = 86_400;
/** A year either way: far enough to cross session expiry (7 days) and abandonment (30 days). */
export const CLOCK_OFFSET_MAX_SECONDS = 366 * 86_400;

export const DEFAULT_SETTINGS: Settings = {
  sessionTokenTtlSeconds: CLERK_SESSION_TOKEN_SECONDS,
  convexIntegration: "native",
  clockOffsetSeconds: 0,
  stressLifetimes: false,
  multiSession: false,
};

/**
 * The `convex` template's lifetime, read and written as a setting. It is not
 * part of `Settings`: the template itself (persisted with the state) holds it.
 */
export const TEMPLATE_TTL_SETTING = "templateTtlSeconds";

const STRESS_HINT =
  "real Clerk cannot be configured so; set stressLifetimes: true to allow it in tests";

export function sessionLifetimeProblem(
  seconds: unknown,
  stress: boolean,
): string | null {
  if (!Number.isInteger(seconds))
    return "sessionTokenTtlSeconds must be a whole number of seconds.";
  const value = seconds as number;
  if (stress) {
    if (
      value < STRESS_LIFETIME_MIN_SECONDS ||
      value > STRESS_SESSION_TOKEN_MAX_SECONDS
    )
      return `sessionTokenTtlSeconds must be from ${STRESS_LIFETIME_MIN_SECONDS} to ${STRESS_SESSION_TOKEN_MAX_SECONDS} s, even with stressLifetimes.`;
    return null;
  }
  if (value !== CLERK_SESSION_TOKEN_SECONDS)
    return `sessionTokenTtlSeconds must be ${CLERK_SESSION_TOKEN_SECONDS}: Clerk's session tokens always live ${CLERK_SESSION_TOKEN_SECONDS} s, and ${STRESS_HINT}.`;
  return null;
}

/** Checks a JWT template lifetime; `name` is the field named in the sentence. */
export function templateLifetimeProblem(
  seconds: unknown,
  stress: boolean,
  name = "lifetime",
): string | null {
  const min = stress
    ? STRESS_LIFETIME_MIN_SECONDS
    : TEMPLATE_LIFETIME_MIN_SECONDS;
  if (
    !Number.isInteger(seconds) ||
    (seconds as number) < min ||
    (seconds as number) > TEMPLATE_LIFETIME_MAX_SECONDS
  ) {
    const range = `${name} must be a whole number of seconds from ${min} to ${TEMPLATE_LIFETIME_MAX_SECONDS}`;
    return !stress &&
      Number.isInteger(seconds) &&
      (seconds as number) >= STRESS_LIFETIME_MIN_SECONDS &&
      (seconds as number) < TEMPLATE_LIFETIME_MIN_SECONDS
      ? `${range}; shorter lifetimes: ${STRESS_HINT}.`
      : `${range}.`;
  }
  return null;
}

export type SettingsUpdate = {
  settings: Settings;
  /** Set when the input carried templateTtlSeconds (already checked). */
  templateTtlSeconds?: number;
};

/**
 * Checks a partial settings object against the current settings. Returns the
 * merged settings, or a sentence saying what is wrong. Lifetimes are checked
 * against the merged `stressLifetimes`, so one request can switch stress on
 * and shorten lifetimes together.
 */
export function mergeSettings(
  current: Settings,
  input: unknown,
): SettingsUpdate | { error: string } {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    return { error: "The settings must be a JSON object." };
  const next = { ...current };
  const known = new Set([
    ...Object.keys(DEFAULT_SETTINGS),
    TEMPLATE_TTL_SETTING,
  ]);
  const given = input as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!known.has(key))
      return {
        error: `Unknown setting "${key.slice(0, 40)}"; known settings are ${[...known].join(", ")}.`,
      };
  }
  if ("stressLifetimes" in given) {
    if (typeof given.stressLifetimes !== "boolean")
      return { error: "stressLifetimes must be true or false." };
    next.stressLifetimes = given.stressLifetimes;
  }
  if ("multiSession" in given) {
    if (typeof given.multiSession !== "boolean")
      return { error: "multiSession must be true or false." };
    next.multiSession = given.multiSession;
  }
  if ("convexIntegration" in given) {
    const value = given.convexIntegration;
    if (value !== "native" && value !== "template")
      return { error: 'convexIntegration must be "native" or "template".' };
    next.convexIntegration = value;
  }
  if ("clockOffsetSeconds" in given) {
    const value = given.clockOffsetSeconds;
    if (
      !Number.isInteger(value) ||
      Math.abs(value as number) > CLOCK_OFFSET_MAX_SECONDS
    )
      return {
        error: `clockOffsetSeconds must be a whole number from -${CLOCK_OFFSET_MAX_SECONDS} to ${CLOCK_OFFSET_MAX_SECONDS}.`,
      };
    next.clockOffsetSeconds = value as number;
  }
  if ("sessionTokenTtlSeconds" in given)
    next.sessionTokenTtlSeconds = given.sessionTokenTtlSeconds as number;
  // Checked even when unchanged: switching stress off must not leave a 15 s token behind.
  const sessionProblem = sessionLifetimeProblem(
    next.sessionTokenTtlSeconds,
    next.stressLifetimes,
  );
  if (sessionProblem) return { error: sessionProblem };
  const update: SettingsUpdate = { settings: next };
  if (TEMPLATE_TTL_SETTING in given) {
    const problem = templateLifetimeProblem(
      given[TEMPLATE_TTL_SETTING],
      next.stressLifetimes,
      TEMPLATE_TTL_SETTING,
    );
    if (problem) return { error: problem };
    update.templateTtlSeconds = given[TEMPLATE_TTL_SETTING] as number;
  }
  return update;
}
