/**
 * Getting a Convex token from Clerk without turning a Clerk outage into a sign-out.
 *
 * `ConvexProviderWithClerk` turns any error from `getToken` into "no token"
 * (`convex/src/react-clerk/ConvexProviderWithClerk.tsx`), and the Convex client
 * answers "no token" by clearing auth (`authentication_manager.ts`): every query
 * then runs signed out, queued mutations are sent without the user's identity, and
 * nothing re-authenticates the tab once Clerk is back, because the provider only
 * calls `setAuth` again when the session or organization changes.
 *
 * `patientToken` waits a transient failure out instead. While it waits, the Convex
 * client keeps its WebSocket paused (it pauses it for every token fetch), so queued
 * writes stay queued and go out under the user's identity with the next token.
 *
 * States of one call:
 * - `fetching`: Clerk's `getToken` is running (clerk-js retries transient failures
 *   itself, with delays growing from 3 s towards 50 s).
 *   → `done` with its token or `null` (null means Clerk has no session: final).
 *   → `done` with `null` when it fails for good (a 4xx other than 429: the session
 *     or template is gone, retrying cannot help).
 *   → `probing` when it has not answered within `slowAfterMs`, or it failed
 *     transiently (network error, 5xx, 429).
 * - `probing`: a cheap request (`probe`, a session touch) every `probeEveryMs`, so a
 *   returning Clerk is noticed within seconds instead of at clerk-js's next retry.
 *   → `fetching` again (a fresh `getToken`) as soon as a probe succeeds.
 *   → `done` with `null` as soon as `isCurrent()` says the session changed or ended.
 *   The first `fetching` call keeps running meanwhile; whichever call answers first
 *   with a token wins.
 */

export type TokenRequest = () => Promise<string | null>;

export type PatientTokenDeps = {
  /** Clerk's `getToken` with the provider's options. */
  getToken: TokenRequest;
  /** A request that succeeds only when Clerk's Frontend API answers. */
  probe: () => Promise<unknown>;
  /** False once the session this call was made for has ended or changed. */
  isCurrent: () => boolean;
  sleep?: (ms: number) => Promise<void>;
  slowAfterMs?: number;
  probeEveryMs?: number;
};

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True for failures that end by themselves: no answer, a 5xx or a 429. */
export function isTransientClerkFailure(error: unknown): boolean {
  const status =
    error && typeof error === "object" && "status" in error
      ? (error as { status: unknown }).status
      : undefined;
  if (typeof status !== "number") return true;
  return status === 429 || status >= 500;
}

const MAX_RUNNING_FETCHES = 3;

type Outcome =
  | { kind: "token"; token: string | null }
  | { kind: "failed"; transient: boolean };

function settle(request: Promise<string | null>): Promise<Outcome> {
  return request.then(
    (token): Outcome => ({ kind: "token", token }),
    (error: unknown): Outcome => ({
      kind: "failed",
      transient: isTransientClerkFailure(error),
    }),
  );
}

export async function patientToken(
  deps: PatientTokenDeps,
): Promise<string | null> {
  const sleep = deps.sleep ?? defaultSleep;
  const slowAfterMs = deps.slowAfterMs ?? 2_000;
  const probeEveryMs = deps.probeEveryMs ?? 2_000;

  // Every fetch still running; the first to bring a token (or a final answer) wins.
  const running = new Set<Promise<Outcome>>();
  let finalAnswer: string | null | undefined;
  const start = () => {
    const outcome = settle(deps.getToken());
    running.add(outcome);
    void outcome.then((result) => {
      running.delete(outcome);
      if (finalAnswer !== undefined) return;
      if (result.kind === "token") finalAnswer = result.token;
      else if (!result.transient) finalAnswer = null;
    });
    return outcome;
  };

  // fetching: give Clerk a moment before probing.
  const first = start();
  const quick = await Promise.race([
    first,
    sleep(slowAfterMs).then(() => null),
  ]);
  if (quick?.kind === "token") return quick.token;
  if (quick?.kind === "failed" && !quick.transient) return null;

  // probing
  for (;;) {
    if (finalAnswer !== undefined) return finalAnswer;
    if (!deps.isCurrent()) return null;
    const reachable = await Promise.race([
      deps.probe().then(
        () => true,
        () => false,
      ),
      sleep(probeEveryMs).then(() => false),
    ]);
    if (finalAnswer !== undefined) return finalAnswer;
    // fetching again: Clerk answers, so a fresh request goes out at once. A cap
    // keeps a token endpoint that fails while the rest of Clerk works from
    // piling up retry chains.
    if (reachable && running.size < MAX_RUNNING_FETCHES) start();
    await Promise.race([sleep(probeEveryMs), ...running]);
  }
}
