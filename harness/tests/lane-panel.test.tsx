// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { LanePanel, laneHealth } from "@/harness/ui/LanePanel";
import { LANES } from "@/harness/designs/lanes";
import { emptyLaneStats, type LaneStats } from "@/harness/model/laneStats";
import { reduceLaneEvent } from "@/harness/model/laneEvents";
import type { LaneEvent } from "@/harness/model/events";
import { decodeTokenClaims } from "@/harness/model/jwt";
import { fakeJwt, tokenCall } from "./fixtures";

afterEach(cleanup);

const T0 = 1_700_000_000_000;
const claims = decodeTokenClaims(
  fakeJwt({ iat: T0 / 1000, exp: T0 / 1000 + 60, jti: "tok" }),
);

function staticLane(): LaneStats {
  const events: LaneEvent[] = [
    ...tokenCall({
      callId: 1,
      at: T0,
      endAt: T0 + 2,
      force: false,
      source: "server-render",
      claims,
      changed: true,
    }),
    { type: "auth-accepted", at: T0 + 50, kind: "cached" },
    ...tokenCall({
      callId: 2,
      at: T0 + 51,
      endAt: T0 + 52,
      force: true,
      source: "server-render",
      claims,
      changed: false,
    }),
    { type: "refresh-stopped", at: T0 + 53 },
    { type: "ping-start", at: T0 + 100, pingId: 1 },
    { type: "ping-end", at: T0 + 120, pingId: 1, ok: true },
    { type: "ping-start", at: T0 + 61_000, pingId: 2 },
    {
      type: "ping-end",
      at: T0 + 61_500,
      pingId: 2,
      ok: false,
      error: "UNAUTHENTICATED: Not signed in",
    },
    {
      type: "connection",
      at: T0 + 10,
      state: {
        isWebSocketConnected: true,
        hasEverConnected: true,
        connectionCount: 2,
        connectionRetries: 0,
      },
    },
  ];
  return events.reduce(reduceLaneEvent, emptyLaneStats("svelte-static"));
}

describe("LanePanel", () => {
  it("renders the lane's counters, data attributes and last error", () => {
    const lane = staticLane();
    render(
      <LanePanel
        lane={lane}
        description={LANES["svelte-static"]}
        enabled
        startedAt={T0}
        now={T0 + 62_000}
      />,
    );
    const panel = screen.getByTestId("lane-svelte-static");
    expect(panel).toHaveAttribute("data-ping-attempts", "2");
    expect(panel).toHaveAttribute("data-ping-successes", "1");
    expect(panel).toHaveAttribute("data-ping-failures", "1");
    expect(panel).toHaveAttribute("data-fetches", "2");
    expect(panel).toHaveAttribute("data-forced-fetches", "1");
    expect(panel).toHaveAttribute("data-identical-tokens", "1");
    expect(panel).toHaveAttribute("data-refresh-stopped", "true");
    expect(panel).toHaveAttribute("data-reconnects", "1");
    expect(panel).toHaveAttribute("data-health", "failing");

    expect(
      screen.getByTestId("lane-svelte-static-ping-successes"),
    ).toHaveTextContent("1");
    expect(
      screen.getByTestId("lane-svelte-static-ping-failures"),
    ).toHaveTextContent("1");
    expect(screen.getByTestId("lane-svelte-static-fetches")).toHaveTextContent(
      "2 (1 forced)",
    );
    expect(
      screen.getByTestId("lane-svelte-static-identical-tokens"),
    ).toHaveTextContent("1");
    expect(
      screen.getByTestId("lane-svelte-static-last-error"),
    ).toHaveTextContent("UNAUTHENTICATED: Not signed in");
    // One name per design: the heading is the lane id.
    expect(
      within(panel).getByRole("heading", { name: "svelte-static" }),
    ).toBeInTheDocument();
    const history = within(screen.getByTestId("lane-svelte-static-history"));
    expect(history.getByText(/client stopped refreshing/)).toBeInTheDocument();
    expect(history.getByText(/IDENTICAL token/)).toBeInTheDocument();
  });

  it("keeps a fetch call's number apart from its time", () => {
    // Call #20 at 58.7 s once read "2058.7 s" because the table's cells touched.
    const events: LaneEvent[] = [
      ...tokenCall({
        callId: 20,
        at: T0 + 58_700,
        endAt: T0 + 58_735,
        force: true,
        source: "clerk-session-getToken",
        claims,
        changed: true,
      }),
    ];
    render(
      <LanePanel
        lane={events.reduce(reduceLaneEvent, emptyLaneStats("svelte-hybrid"))}
        description={LANES["svelte-hybrid"]}
        enabled
        startedAt={T0}
        now={T0 + 60_000}
      />,
    );
    const calls = screen.getByTestId("lane-svelte-hybrid-fetch-calls");
    expect(calls.textContent).not.toContain("2058.7");
    expect(
      within(calls).getByText(/^#20 · 58\.7 s · forced · /),
    ).toHaveTextContent(
      `#20 · 58.7 s · forced · clerk-session-getToken · new …${claims!.tail} · 35 ms`,
    );
  });

  it("shows a disabled lane as off with zero counters", () => {
    render(
      <LanePanel
        lane={emptyLaneStats("official")}
        description={LANES.official}
        enabled={false}
        startedAt={T0}
        now={T0}
      />,
    );
    const panel = screen.getByTestId("lane-official");
    expect(panel).toHaveAttribute("data-enabled", "false");
    expect(panel).toHaveAttribute("data-health", "off");
    expect(screen.getByTestId("lane-official-ping-attempts")).toHaveTextContent(
      "0",
    );
  });

  it("reports health from the latest ping", () => {
    const lane = staticLane();
    expect(laneHealth(emptyLaneStats("official"), true)).toBe("starting");
    expect(
      laneHealth(
        reduceLaneEvent(lane, {
          type: "ping-end",
          at: T0 + 70_000,
          pingId: 3,
          ok: true,
        }),
        true,
      ),
    ).toBe("ok");
  });
});
