"use client";

import {
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { useRouter } from "next/navigation";
import { useAuth } from "@/lib/auth/useAuth";
import type { AuthMode } from "@/lib/config";
import { LANE_IDS, LANES, type LaneId } from "@/lib/harness/lanes";
import type { LaneTokenSources } from "@/lib/harness/designs";
import {
  invalidationIntervalMs,
  startPeriodicInvalidation,
} from "@/lib/harness/designs/periodicInvalidation";
import { harnessReducer, initialHarnessState } from "@/lib/harness/laneStats";
import type { LaneEvent } from "@/lib/harness/events";
import { decodeTokenClaims, tokenLifetimeSeconds } from "@/lib/harness/jwt";
import {
  buildSnapshot,
  freezeDeep,
  type HarnessSnapshot,
} from "@/lib/harness/snapshot";
import type { HarnessQuery } from "@/lib/harness/query";
import { LaneRunner } from "./LaneRunner";
import { LanePanel } from "./LanePanel";
import { TimelineChart } from "./TimelineChart";
import { ExplanationPanel } from "./ExplanationPanel";
import { HarnessControls } from "./HarnessControls";

declare global {
  interface Window {
    /** Read-only snapshot of the harness session, for the end-to-end suite. */
    readonly __authHarness?: HarnessSnapshot;
  }
}

const noSubscription = () => () => {};

/**
 * Client-only: the harness is all clocks and sockets, and a server render would
 * only disagree with the first client render about the time.
 */
export function AuthHarness(props: Parameters<typeof AuthHarnessClient>[0]) {
  const isClient = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return isClient ? (
    <AuthHarnessClient {...props} />
  ) : (
    <p data-testid="auth-harness-loading" className="text-sm text-slate-500">
      Starting lanes…
    </p>
  );
}

function AuthHarnessClient({
  serverToken,
  authMode,
  initialQuery,
}: {
  /** Minted by the page's server render; changes when the page data is refreshed. */
  serverToken: string | null;
  authMode: AuthMode;
  initialQuery: HarnessQuery;
}) {
  const router = useRouter();
  const auth = useAuth();
  const [state, dispatch] = useReducer(harnessReducer, null, () =>
    initialHarnessState(Date.now()),
  );
  const [enabledLanes, setEnabledLanes] = useState<LaneId[]>(
    initialQuery.lanes,
  );
  const [pollSeconds, setPollSeconds] = useState(initialQuery.pollSeconds);
  const [periodicSeconds, setPeriodicSeconds] = useState(
    initialQuery.periodicSeconds,
  );
  const [tokenTtlSeconds, setTokenTtlSeconds] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  // The token from the first render stays the "page load" token; later renders
  // (router.refresh) only move the latest one, as page data does in SvelteKit.
  const [initialServerToken] = useState(serverToken);
  const latestServerTokenRef = useRef(serverToken);
  const getTokenRef = useRef(auth.getToken);
  useEffect(() => {
    getTokenRef.current = auth.getToken;
  });

  const onEvent = useCallback((lane: LaneId, event: LaneEvent) => {
    dispatch({ type: "lane-event", lane, event });
  }, []);

  useEffect(() => {
    if (latestServerTokenRef.current === serverToken) return;
    latestServerTokenRef.current = serverToken;
    const claims = serverToken ? decodeTokenClaims(serverToken) : null;
    onEvent("periodic-invalidation", {
      type: "note",
      at: Date.now(),
      tone: serverToken ? "info" : "bad",
      text: serverToken
        ? `page data re-rendered with token …${claims?.tail ?? "?"}`
        : "page data re-rendered signed out (no token)",
    });
  }, [serverToken, onEvent]);

  const sources = useMemo<LaneTokenSources>(
    () => ({
      initialServerToken,
      latestServerToken: () => latestServerTokenRef.current,
      getToken: (options) => getTokenRef.current(options),
    }),
    [initialServerToken],
  );

  const lifetimeSeconds = useMemo(() => {
    for (const id of LANE_IDS) {
      const lifetime = tokenLifetimeSeconds(state.lanes[id].currentClaims);
      if (lifetime !== null) return lifetime;
    }
    return tokenLifetimeSeconds(
      initialServerToken ? decodeTokenClaims(initialServerToken) : null,
    );
  }, [state.lanes, initialServerToken]);

  const periodicEnabled = enabledLanes.includes("periodic-invalidation");
  const periodicIntervalMs =
    periodicSeconds !== null
      ? periodicSeconds * 1000
      : lifetimeSeconds !== null
        ? invalidationIntervalMs(lifetimeSeconds)
        : null;
  useEffect(() => {
    if (!periodicEnabled || periodicIntervalMs === null) return;
    return startPeriodicInvalidation({
      intervalMs: periodicIntervalMs,
      invalidate: () => {
        onEvent("periodic-invalidation", {
          type: "note",
          at: Date.now(),
          tone: "info",
          text: "router.refresh(): re-rendering page data",
        });
        router.refresh();
      },
    });
  }, [periodicEnabled, periodicIntervalMs, router, onEvent]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (authMode !== "local") return;
    let cancelled = false;
    fetch("/api/local-auth/settings", { cache: "no-store" })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: unknown) => {
        const ttl = (body as { tokenTtlSeconds?: unknown } | null)
          ?.tokenTtlSeconds;
        if (!cancelled && typeof ttl === "number") setTokenTtlSeconds(ttl);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [authMode]);

  const snapshotInputs = useRef({
    state,
    enabledLanes,
    pollSeconds,
    tokenTtlSeconds,
    periodicIntervalMs,
  });
  useEffect(() => {
    snapshotInputs.current = {
      state,
      enabledLanes,
      pollSeconds,
      tokenTtlSeconds,
      periodicIntervalMs,
    };
  });
  const takeSnapshot = useCallback((): HarnessSnapshot => {
    const input = snapshotInputs.current;
    return buildSnapshot(
      structuredClone(input.state),
      {
        authMode,
        pollSeconds: input.pollSeconds,
        enabledLanes: [...input.enabledLanes],
        tokenTtlSeconds: input.tokenTtlSeconds,
        periodicIntervalSeconds:
          input.periodicIntervalMs === null
            ? null
            : input.periodicIntervalMs / 1000,
      },
      Date.now(),
    );
  }, [authMode]);

  useEffect(() => {
    Object.defineProperty(window, "__authHarness", {
      configurable: true,
      enumerable: false,
      get: () => freezeDeep(takeSnapshot()),
    });
    return () => {
      delete (window as { __authHarness?: unknown }).__authHarness;
    };
  }, [takeSnapshot]);

  const exportJson = useCallback(() => {
    const blob = new Blob([JSON.stringify(takeSnapshot(), null, 2)], {
      type: "application/json",
    });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = `auth-harness-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, [takeSnapshot]);

  const runningLanes = LANE_IDS.filter((id) => enabledLanes.includes(id));

  return (
    <div
      data-testid="auth-harness"
      data-started-at={state.startedAt}
      data-auth-mode={authMode}
      data-poll-seconds={pollSeconds}
      data-lanes={runningLanes.join(",")}
      className="flex flex-col gap-4"
    >
      {runningLanes.map((id) => (
        <LaneRunner
          key={id}
          lane={id}
          pollSeconds={pollSeconds}
          sources={sources}
          onEvent={onEvent}
        />
      ))}
      <HarnessControls
        localMode={authMode === "local"}
        enabledLanes={enabledLanes}
        onToggleLane={(lane, enabled) =>
          setEnabledLanes((current) =>
            enabled
              ? [...new Set([...current, lane])]
              : current.filter((id) => id !== lane),
          )
        }
        pollSeconds={pollSeconds}
        onPollSeconds={setPollSeconds}
        periodicSeconds={periodicSeconds}
        onPeriodicSeconds={setPeriodicSeconds}
        tokenTtlSeconds={tokenTtlSeconds}
        onTokenTtlChanged={setTokenTtlSeconds}
        onReset={() => dispatch({ type: "reset", at: Date.now() })}
        onExport={exportJson}
        onBackendAction={(action, result) => {
          for (const id of runningLanes) {
            onEvent(id, {
              type: "note",
              at: Date.now(),
              tone: "warn",
              text: `backend ${action}: ${result}`,
            });
          }
        }}
      />
      <TimelineChart
        lanes={state.lanes}
        laneIds={runningLanes}
        startedAt={state.startedAt}
        now={now}
      />
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
        {LANE_IDS.map((id) => (
          <LanePanel
            key={id}
            lane={state.lanes[id]}
            description={LANES[id]}
            enabled={enabledLanes.includes(id)}
            startedAt={state.startedAt}
            now={now}
          />
        ))}
      </div>
      <ExplanationPanel
        lifetimeSeconds={lifetimeSeconds}
        periodicIntervalSeconds={
          periodicIntervalMs === null ? null : periodicIntervalMs / 1000
        }
      />
    </div>
  );
}
