import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatMs,
  formatRatio,
  formatSpread,
  max,
  mean,
  median,
  spread,
} from "@/bench/app/stats";
import { markdownTable, renderTables } from "@/bench/app/table";
import { parseBuildOutput, parseSize } from "@/bench/app/firstLoadJs";
import {
  paintedWithFirstPaint,
  roundRatios,
  summariseFirstData,
  type FirstDataRun,
} from "@/bench/app/firstData";

describe("bench stats", () => {
  it("computes mean, median and max, and null for no samples", () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(max([-4, 2])).toBe(2);
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(max([])).toBeNull();
  });

  it("formats times, sizes and ratios", () => {
    expect(formatMs(12.4)).toBe("12 ms");
    expect(formatMs(12.44, 1)).toBe("12.4 ms");
    expect(formatMs(12_345)).toBe("12.3 s");
    expect(formatMs(null)).toBe("n/a");
    expect(formatBytes(842)).toBe("842 B");
    expect(formatBytes(3456)).toBe("3.46 KB");
    expect(formatBytes(107_000)).toBe("107 KB");
    expect(formatBytes(1_234_567)).toBe("1.23 MB");
    expect(formatBytes(null)).toBe("n/a");
    expect(formatRatio(1.2345)).toBe("1.23");
    expect(formatRatio(Number.NaN)).toBe("n/a");
  });

  it("gives a median with its range, and formats it", () => {
    const value = spread([3.4, 1.9, 2.5]);
    expect(value).toEqual({ n: 3, median: 2.5, min: 1.9, max: 3.4 });
    expect(formatSpread(value, (n) => formatRatio(n), "x")).toBe(
      "2.50x (1.90–3.40x, n=3)",
    );
    expect(formatSpread(spread([]), (n) => formatRatio(n))).toBe("n/a");
    expect(formatSpread(spread([2]), (n) => formatRatio(n))).toBe("2.00 (n=1)");
  });
});

describe("markdown tables", () => {
  it("pads columns, escapes pipes and fills missing cells", () => {
    const table = markdownTable(["A", "Long header"], [["x|y"], ["1", "2"]]);
    expect(table.split("\n")).toEqual([
      "| A    | Long header |",
      "| ---- | ----------- |",
      "| x\\|y |             |",
      "| 1    | 2           |",
    ]);
  });

  it("renders a titled table with notes", () => {
    const text = renderTables([
      { title: "T", headers: ["h"], rows: [["v"]], notes: ["n1"] },
    ]);
    expect(text).toBe("### T\n\n| h   |\n| --- |\n| v   |\n\n- n1");
  });
});

describe("next build route table", () => {
  const output = `
Route (app)                                              Size  First Load JS
┌ ƒ /                                                   612 B         107 kB
├ ƒ /api/local-auth/token                               151 B         103 kB
├ ƒ /classes/[classId]                                5.63 kB         167 kB
└ ƒ /sign-in/[[...sign-in]]                           2.65 kB         153 kB
+ First Load JS shared by all                          103 kB
  ├ chunks/255-73938ce8a8eac1ad.js                    46.6 kB

ƒ Middleware                                           34.5 kB
`;

  it("reads each route's size and First Load JS in bytes", () => {
    const sizes = parseBuildOutput(output);
    expect(sizes.routes).toEqual([
      { kind: "ƒ", route: "/", sizeBytes: 612, firstLoadBytes: 107_000 },
      {
        kind: "ƒ",
        route: "/api/local-auth/token",
        sizeBytes: 151,
        firstLoadBytes: 103_000,
      },
      {
        kind: "ƒ",
        route: "/classes/[classId]",
        sizeBytes: 5630,
        firstLoadBytes: 167_000,
      },
      {
        kind: "ƒ",
        route: "/sign-in/[[...sign-in]]",
        sizeBytes: 2650,
        firstLoadBytes: 153_000,
      },
    ]);
    expect(sizes.sharedFirstLoadBytes).toBe(103_000);
    expect(sizes.middlewareBytes).toBe(34_500);
  });

  it("ignores colour codes and unrelated lines", () => {
    const coloured =
      "\u001b[1m├ ƒ /classes   3.53 kB   165 kB\u001b[22m\nhello";
    expect(parseBuildOutput(coloured).routes).toHaveLength(1);
    expect(parseSize("1.5 MB")).toBe(1_500_000);
    expect(parseSize("nonsense")).toBeNull();
  });
});

describe("first data", () => {
  const run = (
    variant: FirstDataRun["variant"],
    round: number,
    visible: number,
    fcp: number | null,
  ): FirstDataRun => ({
    variant,
    round,
    namesInDomMs: visible - 10,
    namesVisibleMs: visible,
    firstContentfulPaintMs: fcp,
  });

  it("pairs the two variants of each round into one ratio", () => {
    const runs = [
      run("server-rendered", 0, 500, 500),
      run("client-only", 0, 1000, 400),
      run("client-only", 1, 1500, 420),
      run("server-rendered", 1, 600, 600),
      // A round missing its pair gives no ratio.
      run("server-rendered", 2, 550, 550),
    ];
    expect(roundRatios(runs)).toEqual([2, 2.5]);
    const summary = summariseFirstData(runs);
    expect(summary.ratio).toMatchObject({ n: 2, min: 2, max: 2.5 });
    expect(summary.server.median).toBe(550);
    expect(summary.client.median).toBe(1250);
    expect(summary.paintedWithFirstPaint).toEqual({
      "server-rendered": 3,
      "client-only": 0,
    });
  });

  it("counts names as painted with the first paint only within one frame of it", () => {
    expect(paintedWithFirstPaint(run("server-rendered", 0, 516, 500))).toBe(
      true,
    );
    expect(paintedWithFirstPaint(run("server-rendered", 0, 534, 500))).toBe(
      false,
    );
    expect(paintedWithFirstPaint(run("client-only", 0, 900, null))).toBe(false);
  });
});
