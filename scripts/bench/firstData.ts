/**
 * Time to first data on the class list: the server-rendered page (/classes, data
 * fetched on the server with the user's token) against the same list loaded by the
 * browser only (/dev/client-classes). Runs alternate so drift hits both equally.
 */
import type { BrowserContext } from "@playwright/test";
import { median } from "./stats";

export type FirstDataRun = {
  variant: "server-rendered" | "client-only";
  /** From navigation start until a class name is in the DOM. */
  namesInDomMs: number;
  /** Two animation frames after that: a frame with the names has been produced. */
  namesNextFrameMs: number;
  firstContentfulPaintMs: number | null;
  /** The first paint that can show the names (see `visibleAt`). */
  namesVisibleMs: number;
};

/**
 * When the names can first be seen. Server-rendered HTML has them before the first
 * paint, so first contentful paint shows them (animation frames wait behind
 * hydration there and would overstate it). Client-only pages paint a skeleton first,
 * so the names show in the frame after they reach the DOM.
 */
export function visibleAt(run: {
  namesInDomMs: number;
  namesNextFrameMs: number;
  firstContentfulPaintMs: number | null;
}): number {
  const fcp = run.firstContentfulPaintMs;
  return fcp !== null && fcp >= run.namesInDomMs ? fcp : run.namesNextFrameMs;
}

export type FirstDataSummary = {
  runs: FirstDataRun[];
  serverMedianMs: number | null;
  clientMedianMs: number | null;
  /** client-only / server-rendered, on medians of the visible times. */
  ratio: number | null;
};

// Installed before any page script: notes when the first class name appears.
const OBSERVER_SCRIPT = `
(() => {
  const state = { inDom: null, painted: null };
  Object.defineProperty(window, "__benchFirstData", { value: state });
  const check = () => {
    if (state.inDom !== null) return;
    if (!document.querySelector('[data-testid="class-name"]')) return;
    state.inDom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      state.painted = performance.now();
    }));
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})();
`;

async function measure(
  context: BrowserContext,
  url: string,
  variant: FirstDataRun["variant"],
): Promise<FirstDataRun> {
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: OBSERVER_SCRIPT });
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(
      () =>
        (window as unknown as { __benchFirstData: { painted: number | null } })
          .__benchFirstData.painted !== null,
      undefined,
      { timeout: 30_000 },
    );
    const raw = await page.evaluate((name) => {
      const state = (
        window as unknown as {
          __benchFirstData: { inDom: number; painted: number };
        }
      ).__benchFirstData;
      const paint = performance
        .getEntriesByType("paint")
        .find((entry) => entry.name === "first-contentful-paint");
      return {
        variant: name,
        namesInDomMs: state.inDom,
        namesNextFrameMs: state.painted,
        firstContentfulPaintMs: paint ? paint.startTime : null,
      };
    }, variant);
    return { ...raw, namesVisibleMs: visibleAt(raw) };
  } finally {
    await page.close();
  }
}

export async function measureFirstData(
  context: BrowserContext,
  appUrl: string,
  runs: number,
): Promise<FirstDataSummary> {
  const variants = [
    { variant: "server-rendered" as const, url: `${appUrl}/classes` },
    { variant: "client-only" as const, url: `${appUrl}/dev/client-classes` },
  ];
  // One unrecorded round first: compiles server code paths and fills caches.
  for (const { variant, url } of variants) await measure(context, url, variant);
  const results: FirstDataRun[] = [];
  for (let round = 0; round < runs; round += 1) {
    for (const { variant, url } of round % 2 === 0
      ? variants
      : [...variants].reverse()) {
      results.push(await measure(context, url, variant));
    }
  }
  const pick = (variant: FirstDataRun["variant"]) =>
    results.filter((r) => r.variant === variant).map((r) => r.namesVisibleMs);
  const serverMedianMs = median(pick("server-rendered"));
  const clientMedianMs = median(pick("client-only"));
  return {
    runs: results,
    serverMedianMs,
    clientMedianMs,
    ratio:
      serverMedianMs !== null && clientMedianMs !== null && serverMedianMs > 0
        ? clientMedianMs / serverMedianMs
        : null,
  };
}
