"use client";

import { useState } from "react";
import { UserButton } from "@clerk/nextjs";
import { AfterHydration } from "@/lib/auth/AfterHydration";
import { LANE_IDS, LANES, type LaneId } from "@/harness/designs/lanes";
import { controlButton } from "./styles";

/** Lanes, timing and the page's own connection controls. */
export function HarnessControls({
  enabledLanes,
  onToggleLane,
  pollSeconds,
  onPollSeconds,
  periodicSeconds,
  onPeriodicSeconds,
  onDropConnections,
  onReset,
  onExport,
}: {
  enabledLanes: LaneId[];
  onToggleLane: (lane: LaneId, enabled: boolean) => void;
  pollSeconds: number;
  onPollSeconds: (seconds: number) => void;
  periodicSeconds: number | null;
  onPeriodicSeconds: (seconds: number | null) => void;
  /** Closes this page's lane sockets; returns how many. */
  onDropConnections: () => number;
  onReset: () => void;
  onExport: () => void;
}) {
  const [status, setStatus] = useState<string | null>(null);
  return (
    <section
      data-testid="controls"
      className="flex min-w-0 flex-col gap-3 rounded-lg border border-slate-300 bg-white p-3 text-sm sm:p-4"
    >
      <div className="flex flex-wrap items-center gap-3">
        <fieldset className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
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
        <div className="ml-auto">
          <AfterHydration>
            <UserButton />
          </AfterHydration>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-3">
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
        <label className="flex max-w-full flex-col text-xs text-slate-600">
          Page-data refresh for periodic-invalidation (s; empty: 75% of the
          lifetime)
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
        <div className="flex flex-wrap gap-1">
          <button
            type="button"
            data-testid="drop-connections"
            className={controlButton}
            title="Closes this page's lane sockets only; each client reconnects by itself."
            onClick={() => {
              const dropped = onDropConnections();
              setStatus(
                dropped === 0
                  ? "No lane had an open socket to drop."
                  : `Closed ${dropped} of this page's sockets; each lane reconnects by itself.`,
              );
            }}
          >
            Drop my connections
          </button>
          <button
            type="button"
            data-testid="reset-stats"
            className={controlButton}
            onClick={() => {
              onReset();
              setStatus("Statistics cleared; the lanes keep running.");
            }}
          >
            Reset stats
          </button>
          <button
            type="button"
            data-testid="export-json"
            className={controlButton}
            onClick={onExport}
          >
            Download JSON
          </button>
        </div>
      </div>
      {status ? (
        <p
          data-testid="controls-status"
          role="status"
          className="break-words text-sm text-slate-700"
        >
          {status}
        </p>
      ) : null}
    </section>
  );
}
