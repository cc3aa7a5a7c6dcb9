export type ConvexIntegration = "native" | "template";

/** Run-time knobs; start from the options, changed via /_admin/settings. */
export type Settings = {
  sessionTokenTtlSeconds: number;
  templateTtlSeconds: number;
  convexIntegration: ConvexIntegration;
  /** Shifts every time the stand-in reports (token iat/exp, updated_at). */
  clockOffsetSeconds: number;
};

export const TTL_MIN_SECONDS = 11;
export const TTL_MAX_SECONDS = 86_400;
export const CLOCK_OFFSET_MAX_SECONDS = 86_400;

export const DEFAULT_SETTINGS: Settings = {
  sessionTokenTtlSeconds: 60,
  templateTtlSeconds: 60,
  convexIntegration: "native",
  clockOffsetSeconds: 0,
};

/**
 * Checks a partial settings object. Returns the merged settings, or a
 * sentence saying what is wrong.
 */
export function mergeSettings(
  current: Settings,
  input: unknown,
): { settings: Settings } | { error: string } {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    return { error: "The settings must be a JSON object." };
  const next = { ...current };
  const known = new Set(Object.keys(DEFAULT_SETTINGS));
  for (const [key, value] of Object.entries(input)) {
    if (!known.has(key))
      return {
        error: `Unknown setting "${key.slice(0, 40)}"; known settings are ${[...known].join(", ")}.`,
      };
    if (key === "sessionTokenTtlSeconds" || key === "templateTtlSeconds") {
      if (
        !Number.isInteger(value) ||
        (value as number) < TTL_MIN_SECONDS ||
        (value as number) > TTL_MAX_SECONDS
      )
        return {
          error: `${key} must be a whole number of seconds from ${TTL_MIN_SECONDS} to ${TTL_MAX_SECONDS}.`,
        };
      next[key] = value as number;
    } else if (key === "convexIntegration") {
      if (value !== "native" && value !== "template")
        return { error: 'convexIntegration must be "native" or "template".' };
      next.convexIntegration = value;
    } else if (key === "clockOffsetSeconds") {
      if (
        !Number.isInteger(value) ||
        Math.abs(value as number) > CLOCK_OFFSET_MAX_SECONDS
      )
        return {
          error: `clockOffsetSeconds must be a whole number from -${CLOCK_OFFSET_MAX_SECONDS} to ${CLOCK_OFFSET_MAX_SECONDS}.`,
        };
      next.clockOffsetSeconds = value as number;
    }
  }
  return { settings: next };
}
