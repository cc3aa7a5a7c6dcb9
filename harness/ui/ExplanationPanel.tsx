import {
  DEFAULT_LEEWAY_SECONDS,
  refreshMomentComparison,
} from "@/harness/model/prediction";
import { invalidationIntervalMs } from "@/harness/designs/periodicInvalidation";

const WORDS: [string, string][] = [
  [
    "lane",
    "One design running on its own Convex client and WebSocket, side by side with the others.",
  ],
  [
    "fetchToken",
    "The function a design gives Convex; Convex calls it whenever it wants a token.",
  ],
  [
    "forced / unforced",
    "Convex says forced (forceRefreshToken: true) when it wants a brand-new token, not a cached one. Only the first call of a new callback is unforced.",
  ],
  ["confirmed", "The Convex server checked the token and accepted it."],
  [
    "same token",
    "A forced call got back the token Convex already had. Convex then stops refreshing for good.",
  ],
  [
    "ping",
    "A tiny authenticated query each lane runs every few seconds; a failed ping means the lane could not use Convex as the signed-in user.",
  ],
  [
    "auth failed",
    "Convex gave up on the lane's tokens and treats it as signed out.",
  ],
  [
    "drops / reconnects",
    "The lane's WebSocket closed / opened again (the server closes it when it finds an expired token).",
  ],
  [
    "predicted / measured refresh",
    "When Convex should ask for the next token (confirmation + lifetime − 10 s) and when it did.",
  ],
  [
    "session token / convex template",
    "Clerk's own short-lived session token (with the native Convex integration it is made for Convex), or a token from the JWT template named convex.",
  ],
];

/** Plain-words meaning of the labels used across the page. */
export function Glossary() {
  return (
    <section
      data-testid="glossary"
      className="rounded-lg border border-slate-300 bg-white p-3 text-sm sm:p-4"
    >
      <h2 className="mb-2 text-base font-semibold">Words on this page</h2>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[12rem_minmax(0,1fr)]">
        {WORDS.map(([word, meaning]) => (
          <div key={word} className="contents">
            <dt className="font-semibold">{word}</dt>
            <dd className="mb-1 break-words text-slate-700 sm:mb-0">
              {meaning}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

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
          className="mt-3 w-full max-w-xl table-fixed text-left break-words"
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
                  periodic-invalidation re-renders page data every
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
