import {
  DEFAULT_LEEWAY_SECONDS,
  refreshMomentComparison,
} from "@/lib/harness/prediction";
import { invalidationIntervalMs } from "@/lib/harness/designs/periodicInvalidation";

/** The client's real refresh schedule beside the SvelteKit write-up's claim. */
export function ExplanationPanel({
  lifetimeSeconds,
  periodicIntervalSeconds,
}: {
  lifetimeSeconds: number | null;
  periodicIntervalSeconds: number | null;
}) {
  const comparison =
    lifetimeSeconds !== null ? refreshMomentComparison(lifetimeSeconds) : null;
  const periodic =
    periodicIntervalSeconds ??
    (lifetimeSeconds !== null
      ? invalidationIntervalMs(lifetimeSeconds) / 1000
      : null);
  return (
    <section
      data-testid="explanation"
      className="rounded-lg border border-slate-300 bg-white p-4 text-sm leading-relaxed"
    >
      <h2 className="mb-2 text-base font-semibold">
        When does Convex ask for a new token?
      </h2>
      <ol className="list-decimal space-y-1 pl-5">
        <li>
          <code>setAuth(fetchToken)</code> calls{" "}
          <code>fetchToken({"{ forceRefreshToken: false }"})</code> and sends
          the token.
        </li>
        <li>
          As soon as the server confirms it, the client calls{" "}
          <code>fetchToken({"{ forceRefreshToken: true }"})</code> again at
          once. If that returns the <em>same string</em>, the client stops
          refreshing for good.
        </li>
        <li>
          Each confirmed fresh token schedules the next forced fetch at{" "}
          <strong>
            confirmation + (exp − iat − {DEFAULT_LEEWAY_SECONDS} s)
          </strong>
          . The formula uses the token&apos;s full lifetime, counted from
          confirmation, not from <code>iat</code>.
        </li>
        <li>
          An expired token is noticed by the server only when the socket has
          work (a query change, mutation or re-run); it then closes the socket
          and the client re-authenticates with a forced fetch. After two
          rejected fresh tokens, or an empty or identical one, it gives up and
          reports unauthenticated.
        </li>
      </ol>
      {comparison ? (
        <table
          data-testid="refresh-moment"
          className="mt-3 w-full max-w-xl text-left"
        >
          <tbody className="font-mono">
            <tr>
              <th className="pr-4 font-sans font-normal text-slate-500">
                Token lifetime
              </th>
              <td data-testid="lifetime-seconds">
                {comparison.lifetimeSeconds} s
              </td>
            </tr>
            <tr>
              <th className="pr-4 font-sans font-normal text-slate-500">
                Real refresh (exp − iat − {DEFAULT_LEEWAY_SECONDS} s after
                confirmation)
              </th>
              <td
                data-testid="real-refresh-seconds"
                className="text-emerald-700"
              >
                {comparison.realSeconds} s
              </td>
            </tr>
            <tr>
              <th className="pr-4 font-sans font-normal text-slate-500">
                SvelteKit write-up&apos;s claim (&ldquo;90% of the
                lifetime&rdquo;)
              </th>
              <td
                data-testid="seed-refresh-seconds"
                className="text-rose-700 line-through"
              >
                {comparison.seedClaimSeconds.toFixed(1)} s
              </td>
            </tr>
            <tr>
              <th className="pr-4 font-sans font-normal text-slate-500">
                Claim is off by
              </th>
              <td>{comparison.differenceSeconds.toFixed(1)} s</td>
            </tr>
            {periodic !== null ? (
              <tr>
                <th className="pr-4 font-sans font-normal text-slate-500">
                  Periodic lane re-renders page data every
                </th>
                <td>{periodic.toFixed(0)} s</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : (
        <p className="mt-3 text-slate-500">
          Waiting for a token to read its lifetime…
        </p>
      )}
    </section>
  );
}
