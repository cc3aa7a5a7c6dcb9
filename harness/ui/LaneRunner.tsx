"use client";

import { useEffect, useRef, useState } from "react";
import { ConvexError } from "convex/values";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { api } from "@/convex/_generated/api";
import { publicConfig } from "@/lib/config";
import { useAuth } from "@clerk/nextjs";
import { usesProvider, type LaneId } from "@/harness/designs/lanes";
import { useAuthForConvex } from "@/lib/auth/useAuthForConvex";
import { createLaneFetcher, type LaneTokenSources } from "@/harness/designs";
import { HarnessConvexClient } from "@/harness/browser/harnessClient";
import type { ConnectionSample, LaneEvent } from "@/harness/model/events";

/** A ping that has not answered in this long counts as failed (the socket may be down). */
const PING_TIMEOUT_MS = 10_000;
/** Pings start by then even if the lane never reported an authentication result. */
const AUTH_GRACE_MS = 10_000;

export type LaneEventSink = (lane: LaneId, event: LaneEvent) => void;

/** Short, readable text for a failed query. */
export function describeQueryError(error: unknown): string {
  if (error instanceof ConvexError) {
    const data = error.data as { code?: unknown; message?: unknown } | string;
    if (typeof data === "string") return data;
    if (data && typeof data.code === "string") {
      return `${data.code}: ${String(data.message ?? "")}`.trim();
    }
  }
  return error instanceof Error ? error.message : String(error);
}

function connectionSample(client: HarnessConvexClient): ConnectionSample {
  const state = client.connectionState();
  return {
    isWebSocketConnected: state.isWebSocketConnected,
    hasEverConnected: state.hasEverConnected,
    connectionCount: state.connectionCount,
    connectionRetries: state.connectionRetries,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer within ${ms / 1000} s`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Runs one lane: its own Convex client (own WebSocket), the lane's token design,
 * an authenticated `ping` every `pollSeconds`, a live `whoami` subscription and the
 * connection state. Renders nothing visible; the official lane renders the real
 * provider around its client.
 */
export function LaneRunner({
  lane,
  pollSeconds,
  sources,
  onEvent,
  onClient,
}: {
  lane: LaneId;
  pollSeconds: number;
  sources: LaneTokenSources;
  onEvent: LaneEventSink;
  /** The lane's client while it runs (null when it stops), for "drop my connections". */
  onClient: (lane: LaneId, client: HarnessConvexClient | null) => void;
}) {
  const [client, setClient] = useState<HarnessConvexClient | null>(null);
  // Pings start once the lane's client has settled its first token (or after a
  // grace period), so a ping sent before the design was even asked for a token is
  // not counted against it.
  const [authSettled, setAuthSettled] = useState(false);
  const onEventRef = useRef(onEvent);
  const sourcesRef = useRef(sources);
  const onClientRef = useRef(onClient);
  useEffect(() => {
    onEventRef.current = onEvent;
    sourcesRef.current = sources;
    onClientRef.current = onClient;
  });

  useEffect(() => {
    // A replaced client (lane toggled, or React's development double mount) may still
    // finish a token fetch after close(); its events would mix into the new client's.
    let active = true;
    const emit = (event: LaneEvent) => {
      if (!active) return;
      if (event.type === "auth-change") setAuthSettled(true);
      onEventRef.current(lane, event);
    };
    const laneClient = new HarnessConvexClient(publicConfig.convexUrl, emit, {
      initialAuthTokenReuse: lane === "official-reuse",
    });
    const fetcher = createLaneFetcher(lane, {
      // Sources are read at call time so the designs see the page's current data.
      get initialServerToken() {
        return sourcesRef.current.initialServerToken;
      },
      latestServerToken: () => sourcesRef.current.latestServerToken(),
      sessionGetToken: (options) => sourcesRef.current.sessionGetToken(options),
    });
    if (fetcher) laneClient.setAuthFromDesign(fetcher);

    emit({
      type: "connection",
      at: Date.now(),
      state: connectionSample(laneClient),
    });
    const stopConnection = laneClient.subscribeToConnectionState(() =>
      emit({
        type: "connection",
        at: Date.now(),
        state: connectionSample(laneClient),
      }),
    );

    const whoami = laneClient.watchQuery(api.authQueries.whoami, {});
    const stopWhoami = whoami.onUpdate(() => {
      try {
        const value = whoami.localQueryResult();
        if (value === undefined) return;
        emit({
          type: "whoami",
          at: Date.now(),
          subject: value?.subject ?? null,
        });
      } catch (error) {
        emit({
          type: "whoami",
          at: Date.now(),
          subject: null,
          error: describeQueryError(error),
        });
      }
    });

    setClient(laneClient);
    onClientRef.current(lane, laneClient);
    const grace = setTimeout(() => setAuthSettled(true), AUTH_GRACE_MS);
    return () => {
      clearTimeout(grace);
      setAuthSettled(false);
      onClientRef.current(lane, null);
      emit({ type: "client-closed", at: Date.now() });
      active = false;
      stopWhoami();
      stopConnection();
      setClient(null);
      void laneClient.close();
    };
  }, [lane]);

  useEffect(() => {
    if (!client || !authSettled) return;
    let pingId = 0;
    const emit = (event: LaneEvent) => onEventRef.current(lane, event);
    const ping = async () => {
      const id = ++pingId;
      emit({ type: "ping-start", at: Date.now(), pingId: id });
      try {
        const answer = await withTimeout(
          client.query(api.authQueries.ping, {}),
          PING_TIMEOUT_MS,
        );
        emit({
          type: "ping-end",
          at: Date.now(),
          pingId: id,
          ok: true,
          subject: answer.subject,
        });
      } catch (error) {
        emit({
          type: "ping-end",
          at: Date.now(),
          pingId: id,
          ok: false,
          error: describeQueryError(error),
        });
      }
    };
    void ping();
    const timer = setInterval(() => void ping(), pollSeconds * 1000);
    return () => {
      clearInterval(timer);
    };
  }, [client, lane, pollSeconds, authSettled]);

  if (usesProvider(lane) && client) {
    return (
      <ConvexProviderWithClerk
        client={client}
        useAuth={lane === "patient-token" ? useAuthForConvex : useAuth}
      >
        {null}
      </ConvexProviderWithClerk>
    );
  }
  return null;
}
