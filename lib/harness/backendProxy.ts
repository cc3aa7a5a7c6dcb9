/**
 * Rules for the harness's proxy to the local backend's test controls, kept apart from
 * the route so they can be tested without a server.
 */

/** Harness action -> local backend admin endpoint. */
export const BACKEND_ACTIONS = {
  "drop-connections": { method: "POST", path: "/_admin/drop-connections" },
  pause: { method: "POST", path: "/_admin/pause" },
  resume: { method: "POST", path: "/_admin/resume" },
  reset: { method: "POST", path: "/_admin/reset" },
  counters: { method: "GET", path: "/_admin/counters" },
} as const;

export type BackendAction = keyof typeof BACKEND_ACTIONS;

export function isBackendAction(value: string): value is BackendAction {
  return Object.hasOwn(BACKEND_ACTIONS, value);
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
