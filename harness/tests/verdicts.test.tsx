// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { VerdictTable } from "@/harness/ui/VerdictTable";
import { Glossary } from "@/harness/ui/ExplanationPanel";
import { LANE_IDS, type LaneId } from "@/harness/designs/lanes";
import { emptyLaneStats, type LaneStats } from "@/harness/model/laneStats";
import { reduceLaneEvent } from "@/harness/model/laneEvents";
import type { LaneEvent } from "@/harness/model/events";

afterEach(cleanup);

const T0 = 1_700_000_000_000;

function lanes(overrides: Partial<Record<LaneId, LaneStats>> = {}) {
  const all = {} as Record<LaneId, LaneStats>;
  for (const id of LANE_IDS) all[id] = overrides[id] ?? emptyLaneStats(id);
  return all;
}

describe("verdict table", () => {
  it("lists every design with its verdicts and links the guides", () => {
    render(
      <VerdictTable
        lanes={lanes()}
        running={["official"]}
        outages={[]}
        now={T0}
      />,
    );
    const table = screen.getByTestId("verdicts");
    for (const id of LANE_IDS) {
      expect(within(table).getByTestId(`verdict-${id}`)).toHaveTextContent(id);
    }
    expect(screen.getByTestId("verdict-svelte-static")).toHaveTextContent(
      "No: fails when the page's token expires",
    );
    expect(screen.getByTestId("verdict-svelte-hybrid-live")).toHaveTextContent(
      "Not running.",
    );
    // Against the stand-in its template has no organization claim: never, and
    // its refreshing does not always stop.
    const periodic = screen.getByTestId("verdict-periodic-invalidation");
    expect(periodic).toHaveTextContent("here never");
    expect(periodic).toHaveTextContent("its refreshing often stops");
    expect(periodic).not.toHaveTextContent("has stopped");
    const links = within(table)
      .getAllByRole("link")
      .map((link) => link.getAttribute("href"));
    expect(links).toEqual([
      "/dev/docs/e2e",
      "/dev/docs/migration-guide",
      "/dev/docs/harness",
    ]);
  });

  it("shows what the page has seen for a running lane", () => {
    const failing: LaneEvent[] = [
      { type: "ping-start", at: T0, pingId: 1 },
      { type: "ping-end", at: T0 + 10, pingId: 1, ok: false, error: "x" },
    ];
    render(
      <VerdictTable
        lanes={lanes({
          "svelte-static": failing.reduce(
            reduceLaneEvent,
            emptyLaneStats("svelte-static"),
          ),
        })}
        running={["svelte-static"]}
        outages={[]}
        now={T0 + 20}
      />,
    );
    expect(screen.getByTestId("verdict-svelte-static-live")).toHaveTextContent(
      "1 failed ping of its own.",
    );
  });
});

describe("glossary", () => {
  it("explains the page's labels in plain words", () => {
    render(<Glossary />);
    const glossary = screen.getByTestId("glossary");
    for (const word of [
      "fetchToken",
      "forced / unforced",
      "same token",
      "ping",
    ]) {
      expect(within(glossary).getByText(word)).toBeInTheDocument();
    }
  });
});
