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
import { LANE_IDS, LANES, type LaneId } from "@/harness/designs/lanes";
import type { LaneTokenSources } from "@/harness/designs";
import { CONVEX_TOKEN_ROUTE } from "@/harness/designs/serverEndpoint";
import {
  invalidationIntervalMs,
  startPeriodicInvalidation,
} from "@/harness/designs/periodicInvalidation";
import { harnessReducer, initialHarnessState } from "@/harness/model/pageState";
import type { LaneEvent } from "@/harness/model/events";
import { decodeTokenClaims, tokenLifetimeSeconds } from "@/harness/model/jwt";
import {
  buildSnapshot,
  freezeDeep,
  type HarnessSnapshot,
} from "@/harness/model/snapshot";
import type { HarnessQuery } from "@/harness/model/query";
import { sharedOutages } from "@/harness/model/sharedOutages";
import { clerkSessionGetToken } from "@/harness/browser/clerkBrowser";
import type { HarnessConvexClient } from "@/harness/browser/harnessClient";
import {
  TOKEN_SETTINGS_ROUTE,
  type TokenSettings,
} from "@/harness/model/tokenSettings";
import type { OrgSwitch } from "@/harness/model/orgSwitch";
import { LaneRunner } from "./LaneRunner";
import { LanePanel } from "./LanePanel";
import { TimelineChart } from "./TimelineChart";
import { ExplanationPanel, Glossary } from "./ExplanationPanel";
import { HarnessControls } from "./HarnessControls";
import { TokenSettingsPanel } from "./TokenSettingsPanel";
import { OrgSwitchPanel } from "./OrgSwitchPanel";
import { VerdictTable } from "./VerdictTable";
import { ScenarioPanel } from "./ScenarioPanel";
import { Notices } from "./Notices";
import { useRouteWarmUp } from "./useRouteWarmUp";

declare global {
  interface Window {
    /** Read-only snapshot of the harness session, for the end-to-end suite. */
    readonly __authHarness?: HarnessSnapshot;
  }
}

const noSubscription = () => () => {};

type Props = {
  /** The `convex` template token of the page's server render; changes on router.refresh(). */
  serverToken: string | null;
  serverTokenProblem: string | null;
  /** The local Clerk stand-in's settings can be changed from this page. */
  lifetimeControls: boolean;
  controlsProblem: string | null;
  initialQuery: HarnessQuery;
};

/**
 * Client-only: the harness is all clocks and sockets, and a server render would
 * only disagree with the first client render about the time.
 */
export function AuthHarness(props: Props) {
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
  serverTokenProblem,
  lifetimeControls,
  controlsProblem,
  initialQuery,
}: Props) {
  const router = useRouter();
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
  const [tokenSettings, setTokenSettings] = useState<TokenSettings | null>(
    null,
  );
  const [now, setNow] = useState(() => Date.now());
  const clients = useRef(new Map<LaneId, HarnessConvexClient>());

  const warmUp = useRouteWarmUp(
    lifetimeControls
      ? [CONVEX_TOKEN_ROUTE, TOKEN_SETTINGS_ROUTE]
      : [CONVEX_TOKEN_ROUTE],
  );

  // The token from the first render stays the "page load" token; later renders
  // (router.refresh) only move the latest one, as page data does in SvelteKit.
  const [initialServerToken] = useState(serverToken);
  const latestServerTokenRef = useRef(serverToken);

  const onEvent = useCallback((lane: LaneId, event: LaneEvent) => {
    dispatch({ type: "lane-event", lane, event });
  }, []);
  const onClient = useCallback(
    (lane: LaneId, client: HarnessConvexClient | null) => {
      if (client) clients.current.set(lane, client);
      else clients.current.delete(lane);
    },
    [],
  );

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
      sessionGetToken: clerkSessionGetToken,
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

  const running = warmUp.ready
    ? LANE_IDS.filter((id) => enabledLanes.includes(id))
    : [];
  const periodicEnabled = running.includes("periodic-invalidation");
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

  const outages = useMemo(
    () => sharedOutages(state.lanes, running),
    // `running` is derived from these two.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.lanes, enabledLanes, warmUp.ready],
  );

  const snapshotInputs = useRef({
    state,
    enabledLanes: running,
    pollSeconds,
    tokenSettings,
    periodicIntervalMs,
  });
  useEffect(() => {
    snapshotInputs.current = {
      state,
      enabledLanes: running,
      pollSeconds,
      tokenSettings,
      periodicIntervalMs,
    };
  });
  const takeSnapshot = useCallback((): HarnessSnapshot => {
    const input = snapshotInputs.current;
    return buildSnapshot(
      structuredClone(input.state),
      {
        pollSeconds: input.pollSeconds,
        enabledLanes: [...input.enabledLanes],
        tokenSettings: input.tokenSettings,
        periodicIntervalSeconds:
          input.periodicIntervalMs === null
            ? null
            : input.periodicIntervalMs / 1000,
      },
      Date.now(),
    );
  }, []);

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

  const noteAll = useCallback(
    (tone: "info" | "warn", text: string) => {
      for (const id of LANE_IDS) {
        onEvent(id, { type: "note", at: Date.now(), tone, text });
      }
    },
    [onEvent],
  );

  const dropOwnConnections = useCallback((): number => {
    let dropped = 0;
    for (const client of clients.current.values()) {
      dropped += client.dropOwnConnections();
    }
    noteAll("warn", `dropped this page's connections (${dropped} sockets)`);
    return dropped;
  }, [noteAll]);

  const onOrgSwitch = useCallback(
    (orgSwitch: OrgSwitch) => {
      dispatch({ type: "org-switch", orgSwitch });
      noteAll(
        "info",
        `organization switched to ${orgSwitch.to ?? "none"} (was ${orgSwitch.from ?? "none"})`,
      );
    },
    [noteAll],
  );

  return (
    <div
      data-testid="auth-harness"
      data-started-at={state.startedAt}
      data-poll-seconds={pollSeconds}
      data-lanes={running.join(",")}
      data-ready={warmUp.ready}
      className="flex min-w-0 flex-col gap-4"
    >
      {running.map((id) => (
        <LaneRunner
          key={id}
          lane={id}
          pollSeconds={pollSeconds}
          sources={sources}
          onEvent={onEvent}
          onClient={onClient}
        />
      ))}
      <Notices
        warmUp={warmUp}
        outages={outages}
        startedAt={state.startedAt}
        serverTokenProblem={serverTokenProblem}
        controlsProblem={controlsProblem}
      />
      <VerdictTable
        lanes={state.lanes}
        running={running}
        outages={outages}
        now={now}
      />
      <ScenarioPanel
        running={running}
        available={
          lifetimeControls
            ? null
            : "Scenarios set faults in the local Clerk stand-in; this app is not running against it."
        }
        takeSnapshot={takeSnapshot}
        onRunEvent={(text) => noteAll("info", text)}
      />
      <HarnessControls
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
        onDropConnections={dropOwnConnections}
        onReset={() => dispatch({ type: "reset", at: Date.now() })}
        onExport={exportJson}
      />
      <TokenSettingsPanel
        available={lifetimeControls}
        settings={tokenSettings}
        onSettings={(settings, changed) => {
          setTokenSettings(settings);
          if (changed) {
            noteAll(
              "info",
              `token settings now: session ${settings.sessionTokenTtlSeconds} s, template ${settings.templateTtlSeconds ?? "none"} s, ${settings.convexIntegration}`,
            );
          }
        }}
        ready={warmUp.ready}
      />
      <OrgSwitchPanel
        lanes={state.lanes}
        running={running}
        orgSwitches={state.orgSwitches}
        onSwitch={onOrgSwitch}
      />
      <TimelineChart
        lanes={state.lanes}
        laneIds={running}
        startedAt={state.startedAt}
        now={now}
        outages={outages}
      />
      <div className="grid min-w-0 grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
        {LANE_IDS.map((id) => (
          <LanePanel
            key={id}
            lane={state.lanes[id]}
            description={LANES[id]}
            enabled={running.includes(id)}
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
      <Glossary />
    </div>
  );
}
