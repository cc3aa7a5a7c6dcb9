/**
 * The stand-in's clock: wall time shifted by `clockOffsetSeconds`. Every time
 * Clerk would report or check (token iat/exp, updated_at, session expiry,
 * sign-in token expiry, handshake nonces) reads it through `core.now()`, so one
 * offset moves them all, like a laptop waking from sleep.
 */
import type { AdminRequest } from "./admin";
import type { StandInCore } from "./core";
import type { Reply } from "./http";
import { CLOCK_OFFSET_MAX_SECONDS } from "./settings";

export function shiftedNow(offsetSeconds: number) {
  return Date.now() + offsetSeconds * 1000;
}

function clockView(core: StandInCore) {
  return {
    offsetSeconds: core.settings.clockOffsetSeconds,
    now: core.now(),
  };
}

/** GET/POST /_admin/clock: read the clock, or jump it by `jumpSeconds` (either way). */
export function routeClock(core: StandInCore, req: AdminRequest): Reply {
  if (req.method === "GET") return { status: 200, body: clockView(core) };
  if (req.method !== "POST")
    return {
      status: 405,
      body: { error: `${req.method} is not allowed on /_admin/clock.` },
    };
  const body = req.body as Record<string, unknown> | undefined;
  const keys =
    body && typeof body === "object" && !Array.isArray(body)
      ? Object.keys(body)
      : null;
  if (!keys || keys.length !== 1 || keys[0] !== "jumpSeconds")
    return {
      status: 400,
      body: {
        error:
          'The body must be a JSON object with one field, jumpSeconds (e.g. { "jumpSeconds": 3600 }).',
      },
    };
  const jump = body!.jumpSeconds;
  if (!Number.isInteger(jump))
    return {
      status: 400,
      body: { error: "jumpSeconds must be a whole number of seconds." },
    };
  const offset = core.settings.clockOffsetSeconds + (jump as number);
  if (Math.abs(offset) > CLOCK_OFFSET_MAX_SECONDS)
    return {
      status: 400,
      body: {
        error: `That jump would put the clock ${offset} s off; the offset stays within ±${CLOCK_OFFSET_MAX_SECONDS} s.`,
      },
    };
  core.updateSettings({ ...core.settings, clockOffsetSeconds: offset });
  return { status: 200, body: clockView(core) };
}
