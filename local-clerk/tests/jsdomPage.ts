/**
 * Opens a stand-in page in jsdom with its scripts running: the real clerk-js
 * bundles (and @clerk/ui) load from the stand-in and render into the DOM.
 * jsdom lacks fetch and a few browser APIs clerk-js uses; Node's stand in.
 */

export type PageWindow = Window &
  typeof globalThis & {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    Clerk?: any;
  };

/** The part of jsdom's API used here (the project has no @types/jsdom). */
type Jsdom = {
  JSDOM: {
    fromURL(
      url: string,
      options: Record<string, unknown>,
    ): Promise<{ window: PageWindow }>;
  };
  VirtualConsole: new () => {
    on(event: "jsdomError", listener: (error: Error) => void): void;
    on(event: "error", listener: (...values: unknown[]) => void): void;
  };
};

/** Imported by a name TypeScript does not follow, for want of its types. */
const JSDOM_MODULE = "jsdom";

export type OpenPage = {
  window: PageWindow;
  document: Document;
  /** jsdom's own errors (failed loads, navigation it does not do) and console errors. */
  errors: string[];
  close(): void;
};

export async function openPage(url: string): Promise<OpenPage> {
  const { JSDOM, VirtualConsole } = (await import(
    /* @vite-ignore */ JSDOM_MODULE
  )) as Jsdom;
  const errors: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("jsdomError", (error) => errors.push(error.message));
  virtualConsole.on("error", (...values) =>
    errors.push(values.map((v) => String(v)).join(" ")),
  );
  const dom = await JSDOM.fromURL(url, {
    runScripts: "dangerously",
    resources: "usable",
    pretendToBeVisual: true,
    virtualConsole,
    beforeParse(window: PageWindow) {
      const w = window as unknown as Record<string, unknown>;
      w.fetch = fetch;
      w.Headers = Headers;
      w.Request = Request;
      w.Response = Response;
      w.TextEncoder = TextEncoder;
      w.TextDecoder = TextDecoder;
      w.ResizeObserver = class {
        observe() {}
        unobserve() {}
        disconnect() {}
      };
      window.Element.prototype.scrollIntoView = () => {};
      window.document.elementFromPoint = () => null;
      w.matchMedia = () => ({
        matches: false,
        addListener() {},
        removeListener() {},
        addEventListener() {},
        removeEventListener() {},
      });
    },
  });
  return {
    window: dom.window,
    document: dom.window.document,
    errors,
    close: () => dom.window.close(),
  };
}

/** Polls until `find` returns something, or throws after `ms`. */
export async function waitFor<T>(
  find: () => T | null | undefined | false,
  what: string,
  ms = 20_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Types into a React-controlled input the way a person would. */
export function type(page: OpenPage, input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(
    page.window.HTMLInputElement.prototype,
    "value",
  )!.set!;
  setter.call(input, value);
  input.dispatchEvent(new page.window.Event("input", { bubbles: true }));
}

/** The button whose text is `label` (exactly, ignoring spacing). */
export function button(page: OpenPage, label: string) {
  return [...page.document.querySelectorAll("button")].find(
    (b) => b.textContent?.replace(/\s+/g, " ").trim() === label,
  );
}
