/**
 * Named faults for tests, set at run time through `/_admin/faults` and
 * `/_admin/sessions/{id}/expire`. Each reproduces a failure seen with real
 * Clerk (the README names the reports). None is saved: a start has none.
 */
import type { AdminRequest } from "./admin";
import type { StandInCore } from "./core";
import { clerkError, type Reply } from "./http";
import { sessionAbandonAt, sessionExpireAt } from "./state";

export type SameTokenAgain = "off" | "once" | "always";

export type TokenEndpointFault = {
  kind: "status5xx" | "status429" | "refused" | "delay";
  /** `delay`: how long before answering. */
  seconds?: number;
  /** `status5xx`: which status (500 when absent). */
  status?: number;
  /** `status429` / `status5xx`: the `retry-after` header, in seconds. */
  retryAfterSeconds?: number;
  /** `forced`: only requests that skip clerk-js's cache (`?debug=skip_cache`). */
  only: "all" | "forced";
};

export const MAX_DOWN_SECONDS = 600;
export const MAX_DELAY_SECONDS = 120;
export const MAX_RETRY_AFTER_SECONDS = 3600;
const MAX_REMEMBERED_TOKENS = 1000;

/** FAPI session and template token routes (path after `/__clerk/v1`). */
const TOKEN_ROUTE =
  /^\/client\/sessions\/([A-Za-z0-9_-]{1,100})\/tokens(?:\/([A-Za-z0-9_-]{1,100}))?$/;

export type TokenRequest = {
  /** Session id + template name: the endpoint whose last token is remembered. */
  key: string;
  /** clerk-js sets `?debug=skip_cache` when `getToken({ skipCache: true })` bypasses its cache. */
  forced: boolean;
};

/** The token request a FAPI call is, or null. Only POSTs without `_method` mint tokens. */
export function tokenRequest(
  method: string,
  fapiPath: string,
  query: URLSearchParams,
): TokenRequest | null {
  if (method !== "POST" || query.has("_method")) return null;
  const match = TOKEN_ROUTE.exec(fapiPath);
  if (!match) return null;
  return {
    key: `${match[1]}/${match[2] ?? ""}`,
    forced: query.get("debug") === "skip_cache",
  };
}

export type TokenFaultAction =
  | { kind: "refuse" }
  | { kind: "delay"; ms: number }
  | { kind: "reply"; reply: Reply };

export class Faults {
  sameTokenAgain: SameTokenAgain = "off";
  tokenEndpoint: TokenEndpointFault | null = null;
  /** Wall-clock ms until which every connection is dropped (real time, not the stand-in's clock). */
  private downUntil = 0;
  /** Last token string served per session/template endpoint. */
  private readonly served = new Map<string, string>();

  view() {
    return {
      sameTokenAgain: this.sameTokenAgain,
      tokenEndpoint: this.tokenEndpoint,
      downForSeconds: Math.max(
        0,
        Math.ceil((this.downUntil - Date.now()) / 1000),
      ),
    };
  }

  isDown() {
    return Date.now() < this.downUntil;
  }

  goDown(seconds: number) {
    this.downUntil = Date.now() + seconds * 1000;
  }

  /** What the token-endpoint fault does to this request, or null to serve it. */
  tokenFault(request: TokenRequest): TokenFaultAction | null {
    const fault = this.tokenEndpoint;
    if (!fault || (fault.only === "forced" && !request.forced)) return null;
    if (fault.kind === "refused") return { kind: "refuse" };
    if (fault.kind === "delay")
      return { kind: "delay", ms: (fault.seconds ?? 0) * 1000 };
    const retryAfter =
      fault.retryAfterSeconds !== undefined
        ? { "retry-after": String(fault.retryAfterSeconds) }
        : undefined;
    const reply =
      fault.kind === "status429"
        ? clerkError(
            429,
            "too_many_requests",
            "Too many requests: the local Clerk stand-in's tokenEndpoint fault is on.",
            {},
            "Too many requests",
          )
        : clerkError(
            fault.status ?? 500,
            "internal_clerk_error",
            "The local Clerk stand-in's tokenEndpoint fault answers with a server error.",
            {},
            "Oops, an unexpected error occurred",
          );
    return { kind: "reply", reply: { ...reply, headers: retryAfter } };
  }

  /**
   * Remembers each token served; on a forced refresh under `sameTokenAgain`,
   * hands back the previous string instead of the new one.
   */
  afterToken(request: TokenRequest, reply: Reply): Reply {
    const jwt = (reply.body as { jwt?: unknown } | undefined)?.jwt;
    if (reply.status !== 200 || typeof jwt !== "string") return reply;
    const previous = this.served.get(request.key);
    if (request.forced && this.sameTokenAgain !== "off" && previous) {
      if (this.sameTokenAgain === "once") this.sameTokenAgain = "off";
      return { ...reply, body: { object: "token", jwt: previous } };
    }
    this.served.delete(request.key);
    this.served.set(request.key, jwt);
    if (this.served.size > MAX_REMEMBERED_TOKENS) {
      const oldest = this.served.keys().next().value;
      if (oldest !== undefined) this.served.delete(oldest);
    }
    return reply;
  }
}

// ---- /_admin/faults ----------------------------------------------------------

function problem(status: number, error: string): Reply {
  return { status, body: { error } };
}

function wholeIn(value: unknown, min: number, max: number) {
  return (
    Number.isInteger(value) &&
    (value as number) >= min &&
    (value as number) <= max
  );
}

function parseTokenEndpoint(
  value: unknown,
): { fault: TokenEndpointFault | null } | { error: string } {
  if (value === null) return { fault: null };
  if (typeof value !== "object" || Array.isArray(value))
    return { error: "tokenEndpoint must be null or an object with a kind." };
  const input = value as Record<string, unknown>;
  const allowed = ["kind", "seconds", "status", "retryAfterSeconds", "only"];
  const extra = Object.keys(input).find((key) => !allowed.includes(key));
  if (extra)
    return {
      error: `tokenEndpoint has no field "${extra.slice(0, 40)}"; its fields are ${allowed.join(", ")}.`,
    };
  const { kind, seconds, status, retryAfterSeconds } = input;
  const only = input.only ?? "all";
  if (
    kind !== "status5xx" &&
    kind !== "status429" &&
    kind !== "refused" &&
    kind !== "delay"
  )
    return {
      error:
        'tokenEndpoint.kind must be "status5xx", "status429", "refused" or "delay".',
    };
  if (only !== "all" && only !== "forced")
    return { error: 'tokenEndpoint.only must be "all" or "forced".' };
  const fault: TokenEndpointFault = { kind, only };
  if (kind === "delay") {
    if (!wholeIn(seconds, 1, MAX_DELAY_SECONDS))
      return {
        error: `A delay needs seconds: a whole number from 1 to ${MAX_DELAY_SECONDS}.`,
      };
    fault.seconds = seconds as number;
  } else if (seconds !== undefined) {
    return { error: 'tokenEndpoint.seconds only goes with kind "delay".' };
  }
  if (status !== undefined) {
    if (kind !== "status5xx")
      return { error: 'tokenEndpoint.status only goes with kind "status5xx".' };
    if (!wholeIn(status, 500, 599))
      return { error: "tokenEndpoint.status must be from 500 to 599." };
    fault.status = status as number;
  }
  if (retryAfterSeconds !== undefined) {
    if (kind !== "status429" && kind !== "status5xx")
      return {
        error:
          'tokenEndpoint.retryAfterSeconds only goes with kind "status429" or "status5xx".',
      };
    if (!wholeIn(retryAfterSeconds, 0, MAX_RETRY_AFTER_SECONDS))
      return {
        error: `tokenEndpoint.retryAfterSeconds must be a whole number from 0 to ${MAX_RETRY_AFTER_SECONDS}.`,
      };
    fault.retryAfterSeconds = retryAfterSeconds as number;
  }
  return { fault };
}

/** GET/POST /_admin/faults. A POST sets the faults it names and leaves the others. */
export function routeFaults(core: StandInCore, req: AdminRequest): Reply {
  const faults = core.faults;
  if (req.method === "GET") return { status: 200, body: faults.view() };
  if (req.method !== "POST")
    return problem(405, `${req.method} is not allowed on /_admin/faults.`);
  const body = req.body;
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return problem(
      400,
      "The body must be a JSON object with any of sameTokenAgain, tokenEndpoint, downForSeconds.",
    );
  const input = body as Record<string, unknown>;
  const known = ["sameTokenAgain", "tokenEndpoint", "downForSeconds"];
  const extra = Object.keys(input).find((key) => !known.includes(key));
  if (extra)
    return problem(
      400,
      `Unknown fault "${extra.slice(0, 40)}"; known faults are ${known.join(", ")}.`,
    );
  // Check everything before changing anything.
  const same = input.sameTokenAgain;
  if (
    same !== undefined &&
    same !== "off" &&
    same !== "once" &&
    same !== "always"
  )
    return problem(400, 'sameTokenAgain must be "off", "once" or "always".');
  let tokenEndpoint: TokenEndpointFault | null | undefined;
  if ("tokenEndpoint" in input) {
    const parsed = parseTokenEndpoint(input.tokenEndpoint);
    if ("error" in parsed) return problem(400, parsed.error);
    tokenEndpoint = parsed.fault;
  }
  const down = input.downForSeconds;
  if (down !== undefined && !wholeIn(down, 1, MAX_DOWN_SECONDS))
    return problem(
      400,
      `downForSeconds must be a whole number from 1 to ${MAX_DOWN_SECONDS}.`,
    );
  if (same !== undefined) faults.sameTokenAgain = same;
  if (tokenEndpoint !== undefined) faults.tokenEndpoint = tokenEndpoint;
  const reply: Reply = { status: 200, body: faults.view() };
  if (down !== undefined) {
    // The outage starts once this answer has left; the caller's socket closes with it.
    reply.body = { ...faults.view(), downForSeconds: down };
    reply.headers = { connection: "close" };
    reply.afterSent = () => faults.goDown(down as number);
  }
  return reply;
}

// ---- /_admin/sessions/{id}/expire ---------------------------------------------

const EXPIRY_STATUS = {
  maximum_lifetime: "expired",
  inactivity: "abandoned",
} as const;

/** Ends an active session the way Clerk's maximum lifetime or inactivity timeout would. */
export function expireSession(
  core: StandInCore,
  req: AdminRequest,
  sessionId: string,
): Reply {
  if (req.method !== "POST")
    return problem(405, `${req.method} is not allowed on this control.`);
  const reason = (req.body as { reason?: unknown } | undefined)?.reason;
  if (reason !== "maximum_lifetime" && reason !== "inactivity")
    return problem(
      400,
      'The body must be { "reason": "maximum_lifetime" } or { "reason": "inactivity" }.',
    );
  const session = core.state.sessions.get(sessionId);
  if (!session) return problem(404, `No session ${sessionId} exists.`);
  if (session.status !== "active")
    return problem(
      409,
      `Session ${sessionId} is ${session.status}; only an active session can expire.`,
    );
  const t = core.now();
  if (reason === "maximum_lifetime") session.expireAt = t;
  else session.abandonAt = t;
  core.state.endSession(session, EXPIRY_STATUS[reason]);
  return {
    status: 200,
    body: {
      id: session.id,
      status: session.status,
      expire_at: sessionExpireAt(session),
      abandon_at: sessionAbandonAt(session),
    },
  };
}
