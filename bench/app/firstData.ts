/**
 * Time to first data on the class list: the server-rendered page (/classes, data
 * fetched on the server with the user's token) against the same list loaded by the
 * browser only (/dev/client-classes). Runs alternate so drift hits both equally.
 *
 * "Visible" has one definition for both: the browser's own paint time for the first
 * class name (Element Timing: the page marks the element with `elementtiming` as
 * soon as it is in the DOM, before any paint).
 */
import type { BrowserContext } from "@playwright/test";
import { spread, type Spread } from "./stats";

export type FirstDataVariant = "server-rendered" | "client-only";

export type FirstDataRun = {
  variant: FirstDataVariant;
  round: number;
  /** From navigation start until a class name is in the DOM. */
  namesInDomMs: number;
  /** The paint that first showed a class name (Element Timing renderTime). */
  namesVisibleMs: number;
  firstContentfulPaintMs: number | null;
};

export type FirstDataSummary = {
  runs: FirstDataRun[];
  server: Spread;
  client: Spread;
  /** client-only / server-rendered, one ratio per round. */
  ratio: Spread;
  /** Runs whose names were painted in the first contentful paint. */
  paintedWithFirstPaint: Record<FirstDataVariant, number>;
  /** Whether each page's HTML, as the server sends it, already names a class. */
  namesInHtml: Record<FirstDataVariant, boolean | null>;
  roundsRequested: number;
  /** Page loads that showed no class name in time, with what was seen. */
  missed: string[];
};

/** Per-round ratios client / server for the rounds that have both variants. */
export function roundRatios(runs: readonly FirstDataRun[]): number[] {
  const rounds = new Map<number, Partial<Record<FirstDataVariant, number>>>();
  for (const run of runs) {
    const entry = rounds.get(run.round) ?? {};
    entry[run.variant] = run.namesVisibleMs;
    rounds.set(run.round, entry);
  }
  return [...rounds.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([, entry]) =>
      entry["server-rendered"] !== undefined &&
      entry["client-only"] !== undefined &&
      entry["server-rendered"] > 0
        ? [entry["client-only"] / entry["server-rendered"]]
        : [],
    );
}

/** Within one frame (~16.7 ms) of first contentful paint counts as the same paint. */
export function paintedWithFirstPaint(run: FirstDataRun): boolean {
  return (
    run.firstContentfulPaintMs !== null &&
    Math.abs(run.namesVisibleMs - run.firstContentfulPaintMs) < 17
  );
}

export function summariseFirstData(
  runs: FirstDataRun[],
  namesInHtml: Record<FirstDataVariant, boolean | null> = {
    "server-rendered": null,
    "client-only": null,
  },
  missed: string[] = [],
  roundsRequested = new Set(runs.map((r) => r.round)).size,
): FirstDataSummary {
  const of = (variant: FirstDataVariant) =>
    runs.filter((r) => r.variant === variant);
  return {
    runs,
    server: spread(of("server-rendered").map((r) => r.namesVisibleMs)),
    client: spread(of("client-only").map((r) => r.namesVisibleMs)),
    ratio: spread(roundRatios(runs)),
    paintedWithFirstPaint: {
      "server-rendered": of("server-rendered").filter(paintedWithFirstPaint)
        .length,
      "client-only": of("client-only").filter(paintedWithFirstPaint).length,
    },
    namesInHtml,
    roundsRequested,
    missed,
  };
}

/** Does the page's HTML, fetched with the context's cookies, contain `text`? */
async function htmlContains(
  context: BrowserContext,
  url: string,
  text: string,
): Promise<boolean | null> {
  const response = await context.request.get(url, { maxRedirects: 0 });
  if (response.status() !== 200) return null;
  return (await response.text()).includes(text);
}

const ELEMENT_ID = "bench-first-class-name";

// Installed before any page script: marks every class name for Element Timing as
// soon as it is in the DOM (hydration may replace the server's elements, so it
// keeps watching until one has been painted).
const OBSERVER_SCRIPT = `
(() => {
  const state = { inDom: null, painted: null };
  Object.defineProperty(window, "__benchFirstData", { value: state });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.identifier === ${JSON.stringify(ELEMENT_ID)} && state.painted === null) {
        state.painted = entry.renderTime || entry.startTime;
        observer.disconnect();
      }
    }
  }).observe({ type: "element", buffered: true });
  const check = () => {
    const fresh = document.querySelectorAll('[data-testid="class-name"]:not([elementtiming])');
    if (fresh.length === 0) return;
    for (const element of fresh) element.setAttribute("elementtiming", ${JSON.stringify(ELEMENT_ID)});
    if (state.inDom === null) state.inDom = performance.now();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})();
`;

async function measure(
  context: BrowserContext,
  url: string,
  variant: FirstDataVariant,
  round: number,
): Promise<FirstDataRun | string> {
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: OBSERVER_SCRIPT });
    await page.goto(url, { waitUntil: "commit" });
    try {
      await page.waitForFunction(
        () =>
          (
            window as unknown as {
              __benchFirstData: { painted: number | null };
            }
          ).__benchFirstData.painted !== null,
        undefined,
        { timeout: 30_000 },
      );
    } catch {
      const seen = await page
        .evaluate(
          () =>
            (
              window as unknown as {
                __benchFirstData: { inDom: number | null };
              }
            ).__benchFirstData.inDom,
        )
        .catch(() => null);
      return `${variant} round ${round}: no class name painted within 30 s (in the DOM: ${seen === null ? "no" : `at ${Math.round(seen)} ms`}; page ${page.url()})`;
    }
    return await page.evaluate(
      ({ variant, round }) => {
        const state = (
          window as unknown as {
            __benchFirstData: { inDom: number; painted: number };
          }
        ).__benchFirstData;
        const paint = performance
          .getEntriesByType("paint")
          .find((entry) => entry.name === "first-contentful-paint");
        return {
          variant,
          round,
          namesInDomMs: state.inDom,
          namesVisibleMs: state.painted,
          firstContentfulPaintMs: paint ? paint.startTime : null,
        };
      },
      { variant, round },
    );
  } finally {
    await page.close();
  }
}

export async function measureFirstData(
  context: BrowserContext,
  appUrl: string,
  rounds: number,
  className: string,
): Promise<FirstDataSummary> {
  const variants = [
    { variant: "server-rendered" as const, url: `${appUrl}/classes` },
    { variant: "client-only" as const, url: `${appUrl}/dev/client-classes` },
  ];
  // One unrecorded round first: compiles server code paths and fills caches.
  for (const { variant, url } of variants) {
    await measure(context, url, variant, -1);
  }
  const runs: FirstDataRun[] = [];
  const missed: string[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const { variant, url } of round % 2 === 0
      ? variants
      : [...variants].reverse()) {
      const result = await measure(context, url, variant, round);
      if (typeof result === "string") missed.push(result);
      else runs.push(result);
    }
  }
  const namesInHtml = {} as Record<FirstDataVariant, boolean | null>;
  for (const { variant, url } of variants) {
    namesInHtml[variant] = await htmlContains(context, url, className);
  }
  return summariseFirstData(runs, namesInHtml, missed, rounds);
}
