/**
 * The plain HTML page the contract test and the bundle-size script drive: it
 * loads clerk-js and @clerk/ui from the stand-in the way @clerk/react's
 * ClerkProvider does, on its own origin (as the Next app would be).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClerkStandIn } from "./server";

export const CHROMIUM = "/usr/bin/chromium";

/** The parts of clerk-js the page drives (signed-in state assumed where used). */
export type PageClerk = {
  status: string;
  isSignedIn: boolean;
  user: {
    id: string;
    organizationMemberships: { role: string; organization: { id: string } }[];
  };
  session: {
    id: string;
    lastActiveAt: Date;
    getToken(options?: {
      skipCache?: boolean;
      template?: string;
    }): Promise<string>;
    touch(): Promise<unknown>;
  };
  organization: { id: string } | null;
  client: {
    signIn: {
      create(
        params: Record<string, string>,
      ): Promise<{ createdSessionId: string }>;
    };
  };
  mountSignIn(element: HTMLElement | null): void;
  mountUserButton(element: HTMLElement | null): void;
  setActive(params: {
    session?: string;
    organization?: string | null;
  }): Promise<void>;
  signOut(): Promise<void>;
};

declare global {
  /** What the test page puts on window. */
  interface Window {
    Clerk: PageClerk;
    ready: Promise<string>;
    decode(jwt: string): Record<string, unknown>;
  }
}

export function pageHtml(standIn: ClerkStandIn) {
  // Mirrors what @clerk/react's ClerkProvider does: load clerk-js with the
  // key and proxy as data attributes, load the UI script, then pass the
  // constructor it leaves on window to Clerk.load.
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>contract</title></head>
<body>
<div id="sign-in"></div>
<div id="user-button"></div>
<script>
  window.loadScript = (src, attrs) => new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src; s.async = true; s.crossOrigin = "anonymous";
    for (const [k, v] of Object.entries(attrs || {})) s.setAttribute(k, v);
    s.onload = resolve; s.onerror = () => reject(new Error("failed to load " + src));
    document.head.appendChild(s);
  });
  window.decode = (jwt) => JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  window.ready = (async () => {
    await loadScript(${JSON.stringify(standIn.clerkJsUrl)}, {
      "data-clerk-publishable-key": ${JSON.stringify(standIn.publishableKey)},
      "data-clerk-proxy-url": ${JSON.stringify(`${standIn.publicOrigin}/__clerk`)},
    });
    await loadScript(${JSON.stringify(standIn.clerkUiUrl)});
    await window.Clerk.load({
      ui: { ClerkUI: window.__internal_ClerkUICtor },
      telemetry: { disabled: true },
      signInUrl: "/",
    });
    return window.Clerk.status;
  })();
</script>
</body></html>`;
}

/** Serves the page on 127.0.0.1 and returns its browser origin (localhost). */
export async function servePage(standIn: ClerkStandIn) {
  const server = createServer((req, res) => {
    if (req.url === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(pageHtml(standIn));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
