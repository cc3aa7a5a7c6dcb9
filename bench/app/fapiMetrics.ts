/**
 * Requests a tab makes to Clerk's Frontend API (served by the local stand-in under
 * the proxy path), sorted by what they do and scaled to a rate per hour. Pure.
 */

export const FAPI_CATEGORIES = [
  "token",
  "session touch",
  "client",
  "environment",
  "dev browser",
  "sign-in",
  "other",
] as const;
export type FapiCategory = (typeof FAPI_CATEGORIES)[number];

export type FapiCall = {
  /** Path below the proxy base, e.g. `/v1/client/sessions/sess_1/tokens`. */
  path: string;
  /** The verb clerk-js meant: it sends most calls as POST with `_method`. */
  method: string;
  category: FapiCategory;
  /** Wall-clock seconds since the epoch. */
  at: number;
  status: number | null;
  requestBytes: number;
  responseBytes: number | null;
  body: string | null;
};

const TOKEN_PATH = /^\/v1\/client\/sessions\/[^/]+\/tokens(\/[^/]+)?$/;

export function fapiCategory(path: string): FapiCategory {
  if (TOKEN_PATH.test(path)) return "token";
  if (/^\/v1\/client\/sessions\/[^/]+\/touch$/.test(path))
    return "session touch";
  if (/^\/v1\/client\/sign_ins(\/|$)/.test(path)) return "sign-in";
  if (path === "/v1/client") return "client";
  if (path === "/v1/environment") return "environment";
  if (path === "/v1/dev_browser") return "dev browser";
  return "other";
}

/** Is this a token mint (a session token, or one from a JWT template)? */
export function isTokenPath(path: string): boolean {
  return TOKEN_PATH.test(path);
}

type Exchange = {
  url: string;
  method: string;
  startedWall: number;
  status: number | null;
  requestBytes: number;
  responseBytes: number | null;
  body: string | null;
};

/** The exchanges under `proxyUrl` (NEXT_PUBLIC_CLERK_PROXY_URL), as FAPI calls. */
export function fapiCalls(
  exchanges: readonly Exchange[],
  proxyUrl: string,
): FapiCall[] {
  const base = new URL(proxyUrl);
  const prefix = base.pathname.replace(/\/$/, "");
  const calls: FapiCall[] = [];
  for (const exchange of exchanges) {
    let url: URL;
    try {
      url = new URL(exchange.url);
    } catch {
      continue;
    }
    if (url.origin !== base.origin) continue;
    if (!url.pathname.startsWith(`${prefix}/`)) continue;
    // CORS preflights are the browser's, not clerk-js's.
    if (exchange.method === "OPTIONS") continue;
    const path = url.pathname.slice(prefix.length);
    calls.push({
      path,
      method: (
        url.searchParams.get("_method") ?? exchange.method
      ).toUpperCase(),
      category: fapiCategory(path),
      at: exchange.startedWall,
      status: exchange.status,
      requestBytes: exchange.requestBytes,
      responseBytes: exchange.responseBytes,
      body: exchange.body,
    });
  }
  return calls.sort((a, b) => a.at - b.at);
}

export type FapiRate = {
  windowSeconds: number;
  calls: number;
  byCategory: Record<FapiCategory, number>;
  perHour: number | null;
  tokenPerHour: number | null;
  /** Request plus response bytes of those calls, per hour. */
  bytesPerHour: number | null;
};

/** Calls that started in [from, to) (wall seconds), scaled to one hour. */
export function fapiRate(
  calls: readonly FapiCall[],
  from: number,
  to: number,
): FapiRate {
  const windowSeconds = Math.max(0, to - from);
  const inWindow = calls.filter((c) => c.at >= from && c.at < to);
  const byCategory = Object.fromEntries(
    FAPI_CATEGORIES.map((category) => [category, 0]),
  ) as Record<FapiCategory, number>;
  let bytes = 0;
  for (const call of inWindow) {
    byCategory[call.category] += 1;
    bytes += call.requestBytes + (call.responseBytes ?? 0);
  }
  const scale = (n: number) =>
    windowSeconds > 0 ? (n * 3600) / windowSeconds : null;
  return {
    windowSeconds,
    calls: inWindow.length,
    byCategory,
    perHour: scale(inWindow.length),
    tokenPerHour: scale(byCategory.token),
    bytesPerHour: scale(bytes),
  };
}
