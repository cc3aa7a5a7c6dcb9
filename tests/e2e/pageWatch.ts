import type { Page } from "@playwright/test";

/** Something a watcher saw on the page, with the page's clock time. */
export type Sighting = { at: number; url: string; what: string };

/**
 * Error UI the app can show: the error boundary's fallback (any kind, including its
 * "Reconnecting…" state, which only appears after a query threw), the "session
 * ended" notice, a server-side load problem, and any alert (form errors).
 */
const ERROR_UI_SELECTOR = [
  '[data-testid="error-boundary"]',
  '[data-testid="session-ended"]',
  '[data-testid="load-error"]',
  '[role="alert"]',
].join(",");

const TEXTS_KEY = "__e2eWatchTexts";

export type PageWatch = {
  readonly sightings: Sighting[];
  errorUi(): Sighting[];
  textSightings(text: string): Sighting[];
  /** Starts reporting every document of this tab that shows `text`. */
  watchText(text: string): Promise<void>;
  clear(): void;
};

/**
 * Records, in every document this tab loads, each time error UI appears or a
 * watched text shows up. A MutationObserver sees things that are on screen for a
 * single frame, which polling from the test would miss. Watched texts live in
 * sessionStorage so they survive navigations within the tab.
 */
export async function watchPage(page: Page): Promise<PageWatch> {
  const sightings: Sighting[] = [];
  await page.exposeBinding("__e2eReport", ({ frame }, what: string) => {
    sightings.push({ at: Date.now(), url: frame.url(), what });
  });
  page.on("pageerror", (error) => {
    sightings.push({
      at: Date.now(),
      url: page.url(),
      what: `error-ui uncaught exception: ${error.message}`,
    });
  });
  await page.addInitScript(
    ({ selector, textsKey }) => {
      const report = (window as unknown as Record<string, unknown>)
        .__e2eReport as (what: string) => void;
      const seen = new WeakSet<Element>();
      const textsSeen = new Set<string>();
      let crashed = false;
      const check = () => {
        // Next.js replaces the whole document on an uncaught client exception.
        if (!crashed && document.documentElement.id === "__next_error__") {
          crashed = true;
          void report(`error-ui next-error: ${document.title}`);
        }
        const root = document.body;
        if (!root) return;
        for (const element of root.querySelectorAll(selector)) {
          if (seen.has(element)) continue;
          seen.add(element);
          const testId =
            element.closest("[data-testid]")?.getAttribute("data-testid") ??
            element.getAttribute("role");
          const kind = element.getAttribute("data-kind");
          const text = (element.textContent ?? "").trim().slice(0, 160);
          void report(`error-ui ${testId}${kind ? `[${kind}]` : ""}: ${text}`);
        }
        const texts = JSON.parse(
          sessionStorage.getItem(textsKey) ?? "[]",
        ) as string[];
        const body = root.textContent ?? "";
        for (const text of texts) {
          if (!textsSeen.has(text) && body.includes(text)) {
            textsSeen.add(text);
            void report(`text ${text}`);
          } else if (textsSeen.has(text) && !body.includes(text)) {
            textsSeen.delete(text);
          }
        }
      };
      new MutationObserver(check).observe(document, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
      });
    },
    { selector: ERROR_UI_SELECTOR, textsKey: TEXTS_KEY },
  );
  return {
    sightings,
    errorUi: () => sightings.filter((s) => s.what.startsWith("error-ui")),
    textSightings: (text) => sightings.filter((s) => s.what === `text ${text}`),
    watchText: async (text) => {
      await page.evaluate(
        ({ key, value }) => {
          const texts = JSON.parse(
            sessionStorage.getItem(key) ?? "[]",
          ) as string[];
          sessionStorage.setItem(key, JSON.stringify([...texts, value]));
        },
        { key: TEXTS_KEY, value: text },
      );
    },
    clear: () => {
      sightings.length = 0;
    },
  };
}
