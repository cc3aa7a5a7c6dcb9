"use client";

import type { LaneId } from "@/harness/designs/lanes";
import type { SharedOutage } from "@/harness/model/sharedOutages";
import type { LaneStats } from "@/harness/model/laneStats";
import {
  buildLaneTimeline,
  scaleX,
  timeTicks,
  timelineWindow,
} from "@/harness/model/chartData";

const LABEL_WIDTH = 150;
const PLOT_WIDTH = 1000;
const ROW_HEIGHT = 64;
const AXIS_HEIGHT = 22;

const COLORS = {
  validAccepted: "#86efac",
  validUnconfirmed: "#cbd5e1",
  refresh: "#2563eb",
  identical: "#d97706",
  empty: "#dc2626",
  predicted: "#7c3aed",
  accepted: "#059669",
  pingOk: "#10b981",
  pingFailed: "#e11d48",
  disconnect: "rgba(244, 63, 94, 0.15)",
  sharedOutage: "rgba(217, 119, 6, 0.18)",
  now: "#0f172a",
};

function formatTick(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}

function LaneRow({
  lane,
  index,
  startedAt,
  now,
  window,
}: {
  lane: LaneStats;
  index: number;
  startedAt: number;
  now: number;
  window: { start: number; end: number };
}) {
  const timeline = buildLaneTimeline(lane, startedAt, now);
  const top = AXIS_HEIGHT + index * ROW_HEIGHT;
  const x = (at: number) => LABEL_WIDTH + scaleX(at, window, PLOT_WIDTH);
  const barY = top + 6;
  const markerTop = top + 4;
  const markerBottom = top + 40;
  const pingY = top + 50;
  return (
    <g data-testid={`timeline-${lane.id}`}>
      <rect
        x={0}
        y={top}
        width={LABEL_WIDTH + PLOT_WIDTH}
        height={ROW_HEIGHT}
        fill={index % 2 === 0 ? "#f8fafc" : "#ffffff"}
      />
      <text x={6} y={top + 24} fontSize={12} fontWeight={600} fill="#0f172a">
        {lane.id}
      </text>
      <text x={6} y={top + 40} fontSize={10} fill="#64748b">
        {lane.pings.successes} ok / {lane.pings.failures} failed
      </text>
      {timeline.disconnects.map((span) => (
        <rect
          key={span.key}
          x={x(span.from)}
          y={top}
          width={Math.max(1, x(span.to) - x(span.from))}
          height={ROW_HEIGHT}
          fill={COLORS.disconnect}
        >
          <title>WebSocket down</title>
        </rect>
      ))}
      {timeline.validity.map((bar, barIndex) => (
        <rect
          key={bar.key}
          x={x(bar.from)}
          y={barY + (barIndex % 2) * 7}
          width={Math.max(1, x(bar.to) - x(bar.from))}
          height={6}
          rx={2}
          fill={bar.accepted ? COLORS.validAccepted : COLORS.validUnconfirmed}
          stroke="#334155"
          strokeWidth={0.3}
        >
          <title>{`token ${bar.label}${bar.accepted ? " (confirmed)" : ""}`}</title>
        </rect>
      ))}
      {timeline.refreshes.map((marker) => (
        <line
          key={marker.key}
          x1={x(marker.at)}
          x2={x(marker.at)}
          y1={markerTop + 16}
          y2={markerBottom}
          stroke={
            marker.outcome === "empty" || marker.outcome === "error"
              ? COLORS.empty
              : marker.identical
                ? COLORS.identical
                : COLORS.refresh
          }
          strokeWidth={2}
          strokeDasharray={marker.force ? undefined : "3 2"}
        >
          <title>{`fetchToken force=${marker.force}: ${marker.identical ? "same token" : marker.outcome}`}</title>
        </line>
      ))}
      {timeline.predicted.map((mark) => (
        <path
          key={mark.key}
          d={`M ${x(mark.at)} ${markerTop + 14} l 4 -6 l -8 0 z`}
          fill="none"
          stroke={COLORS.predicted}
          strokeWidth={1.5}
        >
          <title>predicted refresh (exp − iat − 10 s after confirmation)</title>
        </path>
      ))}
      {timeline.acceptances.map((mark) => (
        <circle
          key={mark.key}
          cx={x(mark.at)}
          cy={markerBottom - 2}
          r={3}
          fill={COLORS.accepted}
        >
          <title>{mark.label}</title>
        </circle>
      ))}
      {timeline.authFailures.map((mark) => (
        <path
          key={mark.key}
          d={`M ${x(mark.at) - 4} ${markerBottom - 6} l 8 8 m 0 -8 l -8 8`}
          stroke={COLORS.pingFailed}
          strokeWidth={2}
        >
          <title>{mark.label}</title>
        </path>
      ))}
      {timeline.pingOk.map((mark) => (
        <circle
          key={mark.key}
          cx={x(mark.at)}
          cy={pingY}
          r={2}
          fill={COLORS.pingOk}
        />
      ))}
      {timeline.pingFailed.map((mark) => (
        <rect
          key={mark.key}
          x={x(mark.at) - 2.5}
          y={pingY + 3}
          width={5}
          height={5}
          fill={COLORS.pingFailed}
        >
          <title>{mark.label}</title>
        </rect>
      ))}
    </g>
  );
}

function LegendItem({
  color,
  label,
  shape,
}: {
  color: string;
  label: string;
  shape: "bar" | "line" | "dash" | "dot" | "square" | "tri" | "x" | "band";
}) {
  return (
    <span className="inline-flex items-center gap-1">
      <svg width={18} height={12} aria-hidden="true">
        {shape === "bar" || shape === "band" ? (
          <rect
            x={1}
            y={3}
            width={16}
            height={6}
            fill={color}
            stroke={shape === "bar" ? "#334155" : "none"}
            strokeWidth={0.3}
          />
        ) : shape === "line" ? (
          <line x1={9} x2={9} y1={0} y2={12} stroke={color} strokeWidth={2} />
        ) : shape === "dash" ? (
          <line
            x1={9}
            x2={9}
            y1={0}
            y2={12}
            stroke={color}
            strokeWidth={2}
            strokeDasharray="3 2"
          />
        ) : shape === "dot" ? (
          <circle cx={9} cy={6} r={3} fill={color} />
        ) : shape === "square" ? (
          <rect x={6} y={3} width={6} height={6} fill={color} />
        ) : shape === "tri" ? (
          <path
            d="M 9 9 l 4 -6 l -8 0 z"
            fill="none"
            stroke={color}
            strokeWidth={1.5}
          />
        ) : (
          <path d="M 5 2 l 8 8 m 0 -8 l -8 8" stroke={color} strokeWidth={2} />
        )}
      </svg>
      {label}
    </span>
  );
}

/** Session timeline, one row per running lane. */
export function TimelineChart({
  lanes,
  laneIds,
  startedAt,
  now,
  outages,
}: {
  lanes: Record<LaneId, LaneStats>;
  laneIds: LaneId[];
  startedAt: number;
  now: number;
  outages: SharedOutage[];
}) {
  const window = timelineWindow(startedAt, now);
  const height = AXIS_HEIGHT + laneIds.length * ROW_HEIGHT + 4;
  const ticks = timeTicks(window);
  const nowX =
    LABEL_WIDTH + scaleX((now - startedAt) / 1000, window, PLOT_WIDTH);
  return (
    <figure className="min-w-0 rounded-lg border border-slate-300 bg-white p-2">
      {/* Below ~900 px the chart scrolls sideways inside its frame rather than
          shrinking its labels to an unreadable size or widening the page. */}
      <div
        data-testid="timeline-scroll"
        className="overflow-x-auto"
        tabIndex={0}
        aria-label="Timeline (scrolls sideways on narrow screens)"
      >
        <svg
          data-testid="timeline-chart"
          viewBox={`0 0 ${LABEL_WIDTH + PLOT_WIDTH} ${height}`}
          className="h-auto w-full min-w-[900px]"
          role="img"
          aria-label="Timeline of token validity, refreshes, pings and disconnects per lane"
        >
          {ticks.map((tick) => {
            const tx = LABEL_WIDTH + scaleX(tick, window, PLOT_WIDTH);
            return (
              <g key={tick}>
                <line
                  x1={tx}
                  x2={tx}
                  y1={AXIS_HEIGHT - 4}
                  y2={height}
                  stroke="#e2e8f0"
                />
                <text x={tx + 2} y={12} fontSize={10} fill="#64748b">
                  {formatTick(tick)}
                </text>
              </g>
            );
          })}
          {outages.map((outage) => {
            const x1 =
              LABEL_WIDTH +
              scaleX((outage.from - startedAt) / 1000, window, PLOT_WIDTH);
            const x2 =
              LABEL_WIDTH +
              scaleX(
                ((outage.to ?? now) - startedAt) / 1000,
                window,
                PLOT_WIDTH,
              );
            return (
              <rect
                key={`outage-${outage.from}`}
                x={x1}
                y={AXIS_HEIGHT - 4}
                width={Math.max(2, x2 - x1)}
                height={height - AXIS_HEIGHT + 4}
                fill={COLORS.sharedOutage}
              >
                <title>every lane failed at once: not a design problem</title>
              </rect>
            );
          })}
          {laneIds.map((id, index) => (
            <LaneRow
              key={id}
              lane={lanes[id]}
              index={index}
              startedAt={startedAt}
              now={now}
              window={window}
            />
          ))}
          <line
            x1={nowX}
            x2={nowX}
            y1={AXIS_HEIGHT - 4}
            y2={height}
            stroke={COLORS.now}
            strokeWidth={1}
            strokeDasharray="2 2"
          />
        </svg>
      </div>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        <LegendItem
          color={COLORS.validAccepted}
          shape="bar"
          label="token validity iat→exp (confirmed)"
        />
        <LegendItem
          color={COLORS.validUnconfirmed}
          shape="bar"
          label="token never confirmed"
        />
        <LegendItem
          color={COLORS.refresh}
          shape="line"
          label="fetchToken forced, new token"
        />
        <LegendItem
          color={COLORS.refresh}
          shape="dash"
          label="fetchToken unforced"
        />
        <LegendItem
          color={COLORS.identical}
          shape="line"
          label="same token returned"
        />
        <LegendItem color={COLORS.empty} shape="line" label="no token" />
        <LegendItem
          color={COLORS.predicted}
          shape="tri"
          label="predicted refresh"
        />
        <LegendItem
          color={COLORS.accepted}
          shape="dot"
          label="server confirmed token"
        />
        <LegendItem color={COLORS.pingFailed} shape="x" label="auth failed" />
        <LegendItem color={COLORS.pingOk} shape="dot" label="ping ok" />
        <LegendItem
          color={COLORS.pingFailed}
          shape="square"
          label="ping failed"
        />
        <LegendItem
          color={COLORS.disconnect}
          shape="band"
          label="WebSocket down"
        />
        <LegendItem
          color={COLORS.sharedOutage}
          shape="band"
          label="every lane failing at once (not a design's fault)"
        />
      </figcaption>
    </figure>
  );
}
