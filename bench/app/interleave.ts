/**
 * How clerk-js's own token cache refresh interleaves with the Convex client's
 * refresh in one tab. Pure.
 *
 * - Convex (1.48) asks for a fresh token `exp - iat - 10 s` after the server
 *   confirmed the last one (`getToken({ skipCache: true })`, a mint every time).
 * - clerk-js (6.40) re-arms a background refresh whenever a token enters its cache:
 *   `exp - now - 17 s` later for tokens that live longer than 17 s; shorter ones are
 *   refetched by its poller (every 1.5 s in a focused tab) once 5 s or less remain.
 * Every mint (either side's) re-arms clerk-js's timer, so clerk-js mints
 * `floor(convexAge / clerkAge)` times between two Convex refreshes.
 */
import { decodeTokenClaims } from "../../harness/model/jwt";

export const CLERK_REFRESH_LEAD_SECONDS = 17;
export const CLERK_POLL_REMAINING_SECONDS = 5;

export type InterleavePrediction = {
  lifetimeSeconds: number;
  /** Token age at which Convex asks for the next one. */
  convexRefreshAge: number;
  /** Age of clerk-js's cached token at which clerk-js mints one itself. */
  clerkRefreshAge: number;
  clerkRule: "timer" | "poll";
  /** clerk-js's own mints between two Convex refreshes. */
  clerkMintsPerCycle: number;
  /** All token requests per Convex refresh. */
  mintsPerCycle: number;
};

export function predictInterleave(
  lifetimeSeconds: number,
  leewaySeconds: number,
): InterleavePrediction {
  const convexRefreshAge = lifetimeSeconds - leewaySeconds;
  const timer = lifetimeSeconds > CLERK_REFRESH_LEAD_SECONDS;
  const clerkRefreshAge = timer
    ? lifetimeSeconds - CLERK_REFRESH_LEAD_SECONDS
    : lifetimeSeconds - CLERK_POLL_REMAINING_SECONDS;
  const clerkMintsPerCycle =
    clerkRefreshAge > 0 && clerkRefreshAge < convexRefreshAge
      ? Math.floor(convexRefreshAge / clerkRefreshAge)
      : 0;
  return {
    lifetimeSeconds,
    convexRefreshAge,
    clerkRefreshAge,
    clerkRule: timer ? "timer" : "poll",
    clerkMintsPerCycle,
    mintsPerCycle: 1 + clerkMintsPerCycle,
  };
}

export type MintInput = { at: number; token: string };
export type AuthenticateInput = {
  at: number;
  socketId: string;
  token: string | null;
  firstOnSocket: boolean;
};

export type InterleaveResult = {
  /** Whole Convex cycles observed: from the first refresh's mint to the last one's. */
  from: number | null;
  to: number | null;
  cycles: number;
  mints: number;
  convexMints: number;
  clerkMints: number;
  mintsPerCycle: number | null;
  /** Age (s) of the newest cached token when clerk-js minted on its own. */
  clerkAges: number[];
  /** Age (s) of the token a socket held when Convex's timer sent the next one. */
  convexAges: number[];
  /** Seconds from a token's `iat` to the Authenticate that carried it. */
  sendDelays: number[];
};

function iatOf(token: string | null): number | null {
  return token === null ? null : (decodeTokenClaims(token)?.iat ?? null);
}

export function measureInterleave(
  mintsIn: readonly MintInput[],
  authenticatesIn: readonly AuthenticateInput[],
): InterleaveResult {
  const mints = [...mintsIn].sort((a, b) => a.at - b.at);
  const authenticates = [...authenticatesIn].sort((a, b) => a.at - b.at);
  const sent = new Set(
    authenticates.flatMap((a) => (a.token ? [a.token] : [])),
  );
  const mintOf = new Map(mints.map((m) => [m.token, m]));

  // Refreshes whose token came from a recorded mint mark the cycle boundaries.
  const refreshMints = authenticates
    .filter((a) => !a.firstOnSocket && a.token !== null && mintOf.has(a.token))
    .map((a) => mintOf.get(a.token!)!);
  const from = refreshMints[0]?.at ?? null;
  const to = refreshMints.at(-1)?.at ?? null;
  const cycles = Math.max(0, refreshMints.length - 1);
  const inWindow = (at: number) =>
    from !== null && to !== null && at >= from && at < to;

  const clerkAges: number[] = [];
  let convexMints = 0;
  let clerkMints = 0;
  mints.forEach((mint, index) => {
    if (!inWindow(mint.at)) return;
    if (sent.has(mint.token)) {
      convexMints += 1;
      return;
    }
    clerkMints += 1;
    const previousIat = iatOf(mints[index - 1]?.token ?? null);
    if (previousIat !== null) clerkAges.push(mint.at - previousIat);
  });

  const convexAges: number[] = [];
  const sendDelays: number[] = [];
  // The socket's token before this Authenticate, and whether that one was a refresh.
  const held = new Map<string, { token: string | null; refresh: boolean }>();
  for (const authenticate of authenticates) {
    const previous = held.get(authenticate.socketId);
    held.set(authenticate.socketId, {
      token: authenticate.token,
      refresh: !authenticate.firstOnSocket,
    });
    const iat = iatOf(authenticate.token);
    if (iat !== null && inWindow(authenticate.at))
      sendDelays.push(authenticate.at - iat);
    // Scheduled refreshes only: the one right after a socket's first token is the
    // client's immediate initial refetch, not its timer.
    if (!previous?.refresh || !inWindow(authenticate.at)) continue;
    const previousIat = iatOf(previous.token);
    if (previousIat !== null) convexAges.push(authenticate.at - previousIat);
  }

  const mintCount = convexMints + clerkMints;
  return {
    from,
    to,
    cycles,
    mints: mintCount,
    convexMints,
    clerkMints,
    mintsPerCycle: cycles > 0 ? mintCount / cycles : null,
    clerkAges,
    convexAges,
    sendDelays,
  };
}
