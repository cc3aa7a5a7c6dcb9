"use client";

import { useState } from "react";
import { LANE_IDS, LANES, type LaneId } from "@/lib/harness/lanes";
import { UserMenu } from "@/lib/auth/UserMenu";
import { SignInLink } from "@/lib/auth/SignInLink";
import { useAuth } from "@/lib/auth/useAuth";

type BackendAction = "drop-connections" | "pause" | "resume" | "counters";

async function callJson(
  url: string,
  init: RequestInit,
): Promise<{ ok: boolean; text: string }> {
  try {
    const response = await fetch(url, {
      ...init,
      credentials: "same-origin",
      headers: { "content-type": "application/json", ...init.headers },
    });
    const text = await response.text();
    return {
      ok: response.ok,
      text: `${response.status} ${text.slice(0, 300)}`,
    };
  } catch (error) {
    return {
      ok: false,
      text: error instanceof Error ? error.message : String(error),
    };
  }
}

const button =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-50";

export function HarnessControls({
  localMode,
  enabledLanes,
  onToggleLane,
  pollSeconds,
  onPollSeconds,
  periodicSeconds,
  onPeriodicSeconds,
  tokenTtlSeconds,
  onTokenTtlChanged,
  onReset,
  onExport,
  onBackendAction,
}: {
  localMode: boolean;
  enabledLanes: LaneId[];
  onToggleLane: (lane: LaneId, enabled: boolean) => void;
  pollSeconds: number;
  onPollSeconds: (seconds: number) => void;
  periodicSeconds: number | null;
  onPeriodicSeconds: (seconds: number | null) => void;
  tokenTtlSeconds: number | null;
  onTokenTtlChanged: (seconds: number) => void;
  onReset: () => void;
  onExport: () => void;
  onBackendAction: (action: string, result: string) => void;
}) {
  const { isSignedIn } = useAuth();
  const [ttlDraft, setTtlDraft] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function applyTtl() {
    const seconds = Number(ttlDraft);
    if (!Number.isInteger(seconds)) {
      setStatus("lifetime must be a whole number of seconds");
      return;
    }
    setBusy(true);
    const result = await callJson("/api/local-auth/settings", {
      method: "PUT",
      body: JSON.stringify({ tokenTtlSeconds: seconds }),
    });
    setBusy(false);
    setStatus(`token lifetime: ${result.text}`);
    if (result.ok) onTokenTtlChanged(seconds);
  }

  async function backend(action: BackendAction) {
    setBusy(true);
    const result = await callJson(`/api/dev/backend/${action}`, {
      method: "POST",
    });
    setBusy(false);
    setStatus(`${action}: ${result.text}`);
    onBackendAction(action, result.text);
  }

  return (
    <section
      data-testid="controls"
      className="flex flex-col gap-3 rounded-lg border border-slate-300 bg-white p-4 text-sm"
    >
      <div className="flex flex-wrap items-center gap-4">
        <fieldset className="flex flex-wrap items-center gap-3">
          <legend className="sr-only">Lanes</legend>
          {LANE_IDS.map((id) => (
            <label
              key={id}
              className="inline-flex items-center gap-1"
              title={LANES[id].design}
            >
              <input
                type="checkbox"
                data-testid={`toggle-lane-${id}`}
                checked={enabledLanes.includes(id)}
                onChange={(event) => onToggleLane(id, event.target.checked)}
              />
              <span className="font-mono text-xs">{id}</span>
            </label>
          ))}
        </fieldset>
        <div className="ml-auto flex items-center gap-2">
          <UserMenu />
          {isSignedIn ? null : <SignInLink>Sign in</SignInLink>}
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col text-xs text-slate-600">
          Ping every (s)
          <input
            data-testid="poll-seconds"
            type="number"
            min={0.5}
            step={0.5}
            value={pollSeconds}
            onChange={(event) => {
              const value = Number(event.target.value);
              if (value >= 0.5) onPollSeconds(value);
            }}
            className="w-24 rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          Page-data refresh (s, empty = 75% of lifetime)
          <input
            data-testid="periodic-seconds"
            type="number"
            min={1}
            value={periodicSeconds ?? ""}
            onChange={(event) =>
              onPeriodicSeconds(
                event.target.value === ""
                  ? null
                  : Math.max(1, Number(event.target.value)),
              )
            }
            className="w-24 rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        {localMode ? (
          <div className="flex items-end gap-1">
            <label className="flex flex-col text-xs text-slate-600">
              Token lifetime (s), now {tokenTtlSeconds ?? "?"}
              <input
                data-testid="token-ttl"
                type="number"
                min={11}
                placeholder={tokenTtlSeconds ? String(tokenTtlSeconds) : "60"}
                value={ttlDraft}
                onChange={(event) => setTtlDraft(event.target.value)}
                className="w-24 rounded border border-slate-300 px-2 py-1 text-sm"
              />
            </label>
            <button
              type="button"
              className={button}
              disabled={busy || ttlDraft === ""}
              onClick={() => void applyTtl()}
            >
              Apply
            </button>
          </div>
        ) : null}
        {localMode ? (
          <div className="flex gap-1">
            <button
              type="button"
              data-testid="drop-connections"
              className={button}
              disabled={busy}
              onClick={() => void backend("drop-connections")}
            >
              Drop connections
            </button>
            <button
              type="button"
              className={button}
              disabled={busy}
              onClick={() => void backend("pause")}
            >
              Pause backend
            </button>
            <button
              type="button"
              className={button}
              disabled={busy}
              onClick={() => void backend("resume")}
            >
              Resume backend
            </button>
          </div>
        ) : null}
        <div className="ml-auto flex gap-1">
          <button
            type="button"
            data-testid="reset-stats"
            className={button}
            onClick={onReset}
          >
            Reset stats
          </button>
          <button
            type="button"
            data-testid="export-json"
            className={button}
            onClick={onExport}
          >
            Download JSON
          </button>
        </div>
      </div>
      {status ? (
        <p
          data-testid="controls-status"
          className="font-mono text-xs text-slate-600"
        >
          {status}
        </p>
      ) : null}
    </section>
  );
}
