"use client";

import type { LaneDescription } from "@/harness/designs/lanes";
import {
  laneCounters,
  latestRefreshTiming,
} from "@/harness/model/laneCounters";
import type { FetchRecord, LaneStats } from "@/harness/model/laneStats";
import { tokenLifetimeSeconds } from "@/harness/model/jwt";
import { clock, sessionSeconds, signedMs, yesNo } from "./format";

export type LaneHealth = "off" | "starting" | "ok" | "failing";

/** Ok when the last ping succeeded and nothing failed since; failing otherwise. */
export function laneHealth(lane: LaneStats, enabled: boolean): LaneHealth {
  if (!enabled) return "off";
  const { lastOkAt, lastFailedAt } = lane.pings;
  if (lastOkAt === null && lastFailedAt === null) return "starting";
  if (lastFailedAt !== null && (lastOkAt === null || lastFailedAt > lastOkAt)) {
    return "failing";
  }
  return "ok";
}

const healthStyle: Record<LaneHealth, string> = {
  off: "bg-slate-200 text-slate-600",
  starting: "bg-amber-100 text-amber-800",
  ok: "bg-emerald-100 text-emerald-800",
  failing: "bg-rose-100 text-rose-800",
};

const toneStyle = {
  info: "text-slate-600",
  good: "text-emerald-700",
  bad: "text-rose-700",
  warn: "text-amber-700",
} as const;

function Counter({
  laneId,
  name,
  label,
  value,
  tone,
}: {
  laneId: string;
  name: string;
  label: string;
  value: number | string;
  tone?: "good" | "bad";
}) {
  return (
    <div className="min-w-0 rounded border border-slate-200 bg-white px-2 py-1">
      <dt className="text-[11px] uppercase tracking-wide text-slate-500">
        {label}
      </dt>
      <dd
        data-testid={`lane-${laneId}-${name}`}
        className={`font-mono text-lg break-words ${tone === "good" ? "text-emerald-700" : tone === "bad" ? "text-rose-700" : ""}`}
      >
        {value}
      </dd>
    </div>
  );
}

function Row({
  label,
  children,
}: {
  label: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-w-0 justify-between gap-2 border-b border-slate-100 py-0.5">
      <span className="shrink-0 text-slate-500">{label}</span>
      <span className="min-w-0 text-right font-mono break-words">
        {children}
      </span>
    </div>
  );
}

/**
 * One fetchToken call as a line: "#20 · 58.7 s · forced · clerk-session-getToken ·
 * new …abc1234 · 35 ms". Separators keep the call number and the time apart.
 */
export function describeFetch(fetch: FetchRecord, startedAt: number): string {
  const result =
    fetch.outcome === "token"
      ? `${fetch.changed ? "new" : "same"} …${fetch.claims?.tail ?? ""}`
      : fetch.outcome === "pending"
        ? "waiting"
        : fetch.outcome === "empty"
          ? "no token"
          : `error${fetch.error ? `: ${fetch.error}` : ""}`;
  return [
    `#${fetch.callId}`,
    sessionSeconds(fetch.startedAt, startedAt),
    fetch.force ? "forced" : "unforced",
    fetch.source ?? "…",
    result,
    fetch.finishedAt !== null ? `${fetch.finishedAt - fetch.startedAt} ms` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** One lane's live counters, token, timing, connection and history. */
export function LanePanel({
  lane,
  description,
  enabled,
  startedAt,
  now,
}: {
  lane: LaneStats;
  description: LaneDescription;
  enabled: boolean;
  startedAt: number;
  now: number;
}) {
  const counters = laneCounters(lane);
  const timing = latestRefreshTiming(lane);
  const health = laneHealth(lane, enabled);
  const claims = lane.currentClaims ?? lane.lastReturnedClaims;
  const lifetime = tokenLifetimeSeconds(claims);
  const expiresIn =
    claims?.exp != null ? Math.round(claims.exp - now / 1000) : null;
  const connection = lane.connection;
  const recentFetches = lane.fetches.slice(-6).reverse();

  return (
    <section
      data-testid={`lane-${lane.id}`}
      data-lane={lane.id}
      data-enabled={enabled}
      data-health={health}
      data-ping-attempts={counters.pingAttempts}
      data-ping-successes={counters.pingSuccesses}
      data-ping-failures={counters.pingFailures}
      data-fetches={counters.fetches}
      data-forced-fetches={counters.forcedFetches}
      data-identical-tokens={counters.identicalTokens}
      data-empty-fetches={counters.emptyFetches}
      data-acceptances={counters.acceptances}
      data-auth-failures={counters.authFailures}
      data-reconnects={counters.reconnects}
      data-disconnects={counters.disconnects}
      data-authenticated={String(lane.isAuthenticated)}
      data-refreshing={lane.isRefreshing}
      data-refresh-stopped={lane.refreshStopped}
      data-connected={String(connection?.isWebSocketConnected ?? false)}
      data-whoami={lane.whoami.subject ?? ""}
      data-token-exp={claims?.exp ?? ""}
      className={`flex min-w-0 flex-col gap-2 rounded-lg border p-3 text-sm ${enabled ? "border-slate-300 bg-slate-50" : "border-dashed border-slate-200 bg-slate-100 opacity-60"}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="font-mono font-semibold">{description.title}</h3>
          <p className="text-xs text-slate-500">{description.origin}</p>
        </div>
        <span
          data-testid={`lane-${lane.id}-health`}
          className={`rounded-full px-2 py-0.5 text-xs font-semibold ${healthStyle[health]}`}
        >
          {health}
        </span>
      </header>
      <p className="text-xs text-slate-600">{description.design}</p>

      <dl className="grid grid-cols-2 gap-1 sm:grid-cols-3">
        <Counter
          laneId={lane.id}
          name="ping-attempts"
          label="pings"
          value={counters.pingAttempts}
        />
        <Counter
          laneId={lane.id}
          name="ping-successes"
          label="ok"
          value={counters.pingSuccesses}
          tone="good"
        />
        <Counter
          laneId={lane.id}
          name="ping-failures"
          label="failed"
          value={counters.pingFailures}
          tone={counters.pingFailures > 0 ? "bad" : undefined}
        />
        <Counter
          laneId={lane.id}
          name="fetches"
          label="fetchToken"
          value={`${counters.fetches} (${counters.forcedFetches} forced)`}
        />
        <Counter
          laneId={lane.id}
          name="acceptances"
          label="confirmed"
          value={counters.acceptances}
        />
        <Counter
          laneId={lane.id}
          name="identical-tokens"
          label="same token"
          value={counters.identicalTokens}
          tone={counters.identicalTokens > 0 ? "bad" : undefined}
        />
        <Counter
          laneId={lane.id}
          name="auth-failures"
          label="auth failed"
          value={counters.authFailures}
          tone={counters.authFailures > 0 ? "bad" : undefined}
        />
        <Counter
          laneId={lane.id}
          name="reconnects"
          label="reconnects"
          value={counters.reconnects}
        />
        <Counter
          laneId={lane.id}
          name="disconnects"
          label="drops"
          value={counters.disconnects}
        />
      </dl>

      {lane.pings.lastError ? (
        <p
          data-testid={`lane-${lane.id}-last-error`}
          className="rounded bg-rose-50 px-2 py-1 font-mono text-xs break-words text-rose-800"
        >
          last error: {lane.pings.lastError}
        </p>
      ) : null}

      <div className="text-xs">
        <Row label="token iat / exp">
          {claims
            ? `${clock(claims.iat !== null ? claims.iat * 1000 : null)} / ${clock(claims.exp !== null ? claims.exp * 1000 : null)}`
            : "—"}
        </Row>
        <Row label="lifetime · expires in">
          {lifetime !== null ? `${lifetime} s` : "—"} ·{" "}
          {expiresIn !== null ? `${expiresIn} s` : "—"}
        </Row>
        <Row label="last confirmed">
          {sessionSeconds(timing?.acceptedAt ?? null, startedAt)}
        </Row>
        <Row label="predicted next refresh">
          {sessionSeconds(timing?.predictedAt ?? null, startedAt)}
        </Row>
        <Row label="measured next refresh">
          {sessionSeconds(timing?.measuredAt ?? null, startedAt)}
        </Row>
        <Row label="measured − predicted">
          <span data-testid={`lane-${lane.id}-refresh-difference`}>
            {signedMs(timing?.differenceMs ?? null)}
          </span>
        </Row>
        <Row label="client scheduled refresh">
          {sessionSeconds(lane.scheduledRefreshAt, startedAt)}
        </Row>
        <Row label="refreshing stopped">{yesNo(lane.refreshStopped)}</Row>
        <Row label="authenticated · isRefreshing">
          {yesNo(lane.isAuthenticated)} · {yesNo(lane.isRefreshing)}
        </Row>
        <Row label="organization in token">
          <span data-testid={`lane-${lane.id}-token-org`}>
            {claims ? (claims.orgId ?? "none") : "—"}
          </span>
        </Row>
        <Row label="whoami">
          {lane.whoami.subject ?? (lane.whoami.error ? "error" : "null")}
        </Row>
        <Row label="socket">
          {connection
            ? `${connection.isWebSocketConnected ? "connected" : "disconnected"} · #${connection.connectionCount} · retries ${connection.connectionRetries}${connection.hasEverConnected ? "" : " · never connected"}`
            : "—"}
        </Row>
      </div>

      <details open={enabled}>
        <summary className="cursor-pointer text-xs font-semibold text-slate-600">
          fetchToken calls (newest first)
        </summary>
        <ol
          data-testid={`lane-${lane.id}-fetch-calls`}
          className="mt-1 flex flex-col gap-0.5 font-mono text-[11px]"
        >
          {recentFetches.map((fetch) => (
            <li key={fetch.callId} className="break-words">
              {describeFetch(fetch, startedAt)}
            </li>
          ))}
        </ol>
      </details>

      <ol
        data-testid={`lane-${lane.id}-history`}
        className="h-40 overflow-y-auto rounded border border-slate-200 bg-white p-1 font-mono text-[11px]"
      >
        {lane.history
          .slice()
          .reverse()
          .map((entry, index) => (
            <li
              key={lane.history.length - index}
              className={`break-words ${toneStyle[entry.tone]}`}
            >
              <span className="text-slate-400">
                {sessionSeconds(entry.at, startedAt)}
              </span>{" "}
              {entry.text}
            </li>
          ))}
      </ol>
    </section>
  );
}
