import { timingSafeEqual } from "node:crypto";
import { errorField } from "../fetchJson";

/**
 * Rules for the harness's routes that forward to the local stand-ins' `/_admin/*`
 * controls, kept apart from the routes so they can be tested without a server.
 *
 * The local Convex backend's controls act on every user of that backend, so none of
 * them is a button on the page: pause, resume and dropping every socket need the
 * E2E stack's test flag AND the backend's admin key in the request. Its reset
 * (which deletes every document) is not forwarded at all. The page's own
 * "drop my connections" closes only its lanes' sockets, in the browser.
 */

/** Harness action -> local backend admin endpoint. */
export const BACKEND_ACTIONS = {
  "drop-connections": { method: "POST", path: "/_admin/drop-connections" },
  pause: { method: "POST", path: "/_admin/pause" },
  resume: { method: "POST", path: "/_admin/resume" },
} as const;

export type BackendAction = keyof typeof BACKEND_ACTIONS;

export function isBackendAction(value: string): value is BackendAction {
  return Object.hasOwn(BACKEND_ACTIONS, value);
}

/** Constant-time comparison of a presented key with the expected one. */
export function keyMatches(
  presented: string | null,
  expected: string,
): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type ControlDecision =
  { allowed: true } | { allowed: false; status: number; error: string };

/** Who may call a backend test control: the test flag plus the admin key, nobody else. */
export function authorizeBackendAction(options: {
  action: string;
  testControls: boolean;
  adminKey: string | null;
  presentedKey: string | null;
}): ControlDecision {
  if (!isBackendAction(options.action)) {
    return {
      allowed: false,
      status: 404,
      error: `There is no backend control called "${options.action.slice(0, 40)}".`,
    };
  }
  if (!options.testControls || options.adminKey === null) {
    return {
      allowed: false,
      status: 403,
      error:
        "Backend controls act on every user of the backend, so they are only open to test runs (AUTH_HARNESS_TEST_CONTROLS with the admin key).",
    };
  }
  if (!keyMatches(options.presentedKey, options.adminKey)) {
    return {
      allowed: false,
      status: 403,
      error: "This control needs the backend's admin key in x-admin-key.",
    };
  }
  return { allowed: true };
}

/**
 * Same-origin check for a state-changing POST: the browser's `Origin` (or, failing
 * that, `Sec-Fetch-Site`) must show the request came from this site's own pages.
 */
export function isSameOriginRequest(
  headers: Headers,
  requestUrl: string,
): boolean {
  const origin = headers.get("origin");
  if (origin !== null) {
    const host = headers.get("x-forwarded-host") ?? headers.get("host");
    try {
      const originHost = new URL(origin).host;
      if (host !== null) return originHost === host;
      return originHost === new URL(requestUrl).host;
    } catch {
      return false;
    }
  }
  return headers.get("sec-fetch-site") === "same-origin";
}

/** Turns a stand-in's answer into one sentence for the page. */
export function upstreamSentence(
  what: string,
  status: number,
  body: unknown,
): string {
  const error = errorField(body);
  if (error !== null) {
    const text = error.slice(0, 300);
    return /[.!?]$/.test(text) ? text : `${text}.`;
  }
  return `The ${what} answered with status ${status}.`;
}
