/**
 * Contract test: the real clerk-js 6.40.0 and @clerk/ui bundles, in real
 * Chromium, against the stand-in. A plain HTML page on its own origin (as the
 * Next app would be) loads both bundles from the stand-in and uses its FAPI
 * through an absolute proxy URL. The test fails on any request the stand-in
 * did not handle and on any request that would leave this machine.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  admin,
  bapi,
  claims,
  header,
  PASSWORD,
  startTestStandIn,
  type StandIn,
} from "./helpers";

const CHROMIUM = "/usr/bin/chromium";

/** The parts of clerk-js the page drives (signed-in state assumed where used). */
type PageClerk = {
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
  setActive(params: {
    session?: string;
    organization?: string | null;
  }): Promise<void>;
  signOut(): Promise<void>;
};

/** What the test page puts on window. */
type PageGlobals = {
  Clerk: PageClerk;
  ready: Promise<string>;
  decode(jwt: string): Record<string, unknown>;
};

function pageHtml(standIn: StandIn) {
  // Mirrors what @clerk/react's ClerkProvider does: load clerk-js with the
  // key and proxy as data attributes, load the UI script, then pass the
  // constructor it leaves on window to Clerk.load.
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>contract</title></head>
<body>
<div id="sign-in"></div>
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

describe("clerk-js + @clerk/ui in Chromium against the stand-in", () => {
  let standIn: StandIn;
  let pageServer: Server;
  let pageOrigin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const offMachine: string[] = [];
  const failedLocal: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    standIn = await startTestStandIn();
    pageServer = createServer((req, res) => {
      if (req.url === "/favicon.ico") {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(pageHtml(standIn));
    });
    await new Promise<void>((resolve) =>
      pageServer.listen(0, "127.0.0.1", resolve),
    );
    pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox"],
    });
    context = await browser.newContext();
    await context.route("**/*", (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === "localhost" || hostname === "127.0.0.1") {
        return route.continue();
      }
      offMachine.push(route.request().url());
      return route.abort();
    });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("requestfailed", (request) => {
      const { hostname } = new URL(request.url());
      if (hostname === "localhost" || hostname === "127.0.0.1")
        failedLocal.push(
          `${request.method()} ${request.url()}: ${request.failure()?.errorText}`,
        );
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => pageServer?.close(() => resolve()));
    await standIn?.close();
  });

  it("loads, signs in through <SignIn/>, mints tokens, switches org, signs out", async () => {
    await page.goto(pageOrigin);
    expect(
      await page.evaluate(() => (window as unknown as PageGlobals).ready),
    ).toBe("ready");
    expect(
      await page.evaluate(
        () => (window as unknown as PageGlobals).Clerk.isSignedIn,
      ),
    ).toBe(false);

    // The real <SignIn/>: email, continue, password, continue.
    await page.evaluate(() =>
      (window as unknown as PageGlobals).Clerk.mountSignIn(
        document.getElementById("sign-in"),
      ),
    );
    await page.locator("input[name=identifier]").fill("teacher@example.com");
    await page.locator(".cl-formButtonPrimary").click();
    await page.locator("input[name=password]").fill(PASSWORD);
    await page.locator(".cl-formButtonPrimary").click();
    await page.waitForFunction(
      () => (window as unknown as PageGlobals).Clerk.isSignedIn === true,
    );
    expect(
      await page.evaluate(
        () => (window as unknown as PageGlobals).Clerk.user.id,
      ),
    ).toBe("user_teacher");

    // Cached token twice, then skipCache: a new jti.
    const tokens = await page.evaluate(async () => {
      const s = (window as unknown as PageGlobals).Clerk.session;
      const a = await s.getToken();
      const b = await s.getToken();
      const c = await s.getToken({ skipCache: true });
      const t = await s.getToken({ template: "convex" });
      return { a, b, c, t, cookies: document.cookie };
    });
    expect(tokens.a).toBe(tokens.b);
    expect(claims(tokens.c).jti).not.toBe(claims(tokens.a).jti);
    expect(claims(tokens.a)).toMatchObject({
      sub: "user_teacher",
      aud: "convex",
      azp: pageOrigin,
      iss: standIn.issuer,
      v: 2,
    });
    expect(claims(tokens.t)).toMatchObject({
      aud: "convex",
      sub: "user_teacher",
    });
    expect(header(tokens.t).cat).toBe("cl_B7d4PD222AAA");
    expect(tokens.cookies).toMatch(/__session=/);
    expect(tokens.cookies).toMatch(/__client_uat=\d{10}/);

    // Organization switch: Clerk.organization, the membership role and the token's o claim.
    const org = await page.evaluate(async () => {
      const clerk = (window as unknown as PageGlobals).Clerk;
      const read = async () => {
        const token = await clerk.session.getToken();
        const membership = clerk.user.organizationMemberships.find(
          (m) => m.organization.id === clerk.organization?.id,
        );
        return {
          orgId: clerk.organization?.id ?? null,
          orgRole: membership?.role ?? null,
          o: (window as unknown as PageGlobals).decode(token).o ?? null,
        };
      };
      await clerk.setActive({ organization: "org_classroom" });
      const classroom = await read();
      await clerk.setActive({ organization: "org_staff" });
      const staff = await read();
      await clerk.setActive({ organization: null });
      const personal = await read();
      return { classroom, staff, personal };
    });
    expect(org.classroom).toEqual({
      orgId: "org_classroom",
      orgRole: "org:admin",
      o: { id: "org_classroom", rol: "admin", slg: "room-101" },
    });
    expect(org.staff).toEqual({
      orgId: "org_staff",
      orgRole: "org:member",
      o: { id: "org_staff", rol: "member", slg: "staff-room" },
    });
    expect(org.personal).toEqual({ orgId: null, orgRole: null, o: null });

    // touch, then sign out.
    const touched = await page.evaluate(async () => {
      const clerk = (window as unknown as PageGlobals).Clerk;
      const before = clerk.session.lastActiveAt.getTime();
      await new Promise((r) => setTimeout(r, 20));
      await clerk.session.touch();
      return clerk.session.lastActiveAt.getTime() > before;
    });
    expect(touched).toBe(true);
    const sessionId = await page.evaluate(
      () => (window as unknown as PageGlobals).Clerk.session.id,
    );
    await page.evaluate(() =>
      (window as unknown as PageGlobals).Clerk.signOut(),
    );
    await page.waitForFunction(
      () => (window as unknown as PageGlobals).Clerk.isSignedIn === false,
    );
    const after = await bapi(standIn, "GET", `/sessions/${sessionId}`);
    expect(after.body.status).toBe("removed");
  }, 45_000);

  it("signs in with a BAPI ticket, and a revoked session signs the page out", async () => {
    const users = await bapi(
      standIn,
      "GET",
      "/users?email_address=student@example.com",
    );
    const ticket = await bapi(standIn, "POST", "/sign_in_tokens", {
      user_id: users.body[0].id,
      expires_in_seconds: 60,
    });
    const sessionId = await page.evaluate(async (token) => {
      const clerk = (window as unknown as PageGlobals).Clerk;
      const signIn = await clerk.client.signIn.create({
        strategy: "ticket",
        ticket: token,
      });
      await clerk.setActive({ session: signIn.createdSessionId });
      return clerk.session.id;
    }, ticket.body.token);
    expect(
      await page.evaluate(
        () => (window as unknown as PageGlobals).Clerk.user.id,
      ),
    ).toBe("user_student");

    const revoked = await admin(
      standIn,
      "POST",
      `/sessions/${sessionId}/revoke`,
    );
    expect(revoked.body).toEqual({ revoked: true });
    const outcome = await page.evaluate(async () => {
      try {
        await (window as unknown as PageGlobals).Clerk.session.getToken({
          skipCache: true,
        });
        return "token";
      } catch (error) {
        return (error as { status?: number }).status ?? String(error);
      }
    });
    expect(outcome).toBe(401);
    await page.waitForFunction(
      () => (window as unknown as PageGlobals).Clerk.isSignedIn === false,
    );
  }, 20_000);

  it("saw no unhandled request, no failed local request and nothing off this machine", async () => {
    const requests = await admin(standIn, "GET", "/requests");
    expect(requests.body.unhandled).toEqual([]);
    expect(offMachine).toEqual([]);
    expect(failedLocal).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
