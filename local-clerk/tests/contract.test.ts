/**
 * Contract test: the real clerk-js 6.40.0 and @clerk/ui bundles, in real
 * Chromium, against the stand-in. A plain HTML page on its own origin (as the
 * Next app would be) loads both bundles from the stand-in and uses its FAPI
 * through an absolute proxy URL. The test fails on any request the stand-in
 * did not handle and on any request that would leave this machine.
 */
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
} from "./support";
import { CHROMIUM, servePage } from "../contractPage";

describe("clerk-js + @clerk/ui in Chromium against the stand-in", () => {
  let standIn: StandIn;
  let pageServer: Awaited<ReturnType<typeof servePage>>;
  let pageOrigin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const offMachine: string[] = [];
  const failedLocal: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    standIn = await startTestStandIn();
    pageServer = await servePage(standIn);
    pageOrigin = pageServer.origin;
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
      // ERR_ABORTED is the browser cancelling a request because the page
      // navigated (sign-out, reload); any other failure means no answer.
      if (
        (hostname === "localhost" || hostname === "127.0.0.1") &&
        request.failure()?.errorText !== "net::ERR_ABORTED"
      )
        failedLocal.push(
          `${request.method()} ${request.url()}: ${request.failure()?.errorText}`,
        );
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
    await standIn?.close();
  });

  it("loads, signs in through <SignIn/>, mints tokens, switches org, signs out", async () => {
    await page.goto(pageOrigin);
    expect(await page.evaluate(() => window.ready)).toBe("ready");
    expect(await page.evaluate(() => window.Clerk.isSignedIn)).toBe(false);

    // The real <SignIn/>: email, continue, password, continue.
    await page.evaluate(() =>
      window.Clerk.mountSignIn(document.getElementById("sign-in")),
    );
    await page.locator("input[name=identifier]").fill("teacher@example.com");
    await page.locator(".cl-formButtonPrimary").click();
    await page.locator("input[name=password]").fill(PASSWORD);
    await page.locator(".cl-formButtonPrimary").click();
    await page.waitForFunction(() => window.Clerk.isSignedIn === true);
    expect(await page.evaluate(() => window.Clerk.user.id)).toBe(
      "user_teacher",
    );

    // The real <UserButton/>: avatar, then its menu with the account's email.
    await page.evaluate(() =>
      window.Clerk.mountUserButton(document.getElementById("user-button")),
    );
    await page.locator(".cl-userButtonTrigger").click();
    // The menu's chunk loads lazily; allow for a busy machine.
    await expect
      .poll(() => page.locator(".cl-userButtonPopoverCard").textContent(), {
        timeout: 15_000,
      })
      .toContain("teacher@example.com");
    await page.keyboard.press("Escape");

    // Cached token twice, then skipCache: a new jti.
    const tokens = await page.evaluate(async () => {
      const s = window.Clerk.session;
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
      const clerk = window.Clerk;
      const read = async () => {
        const token = await clerk.session.getToken();
        const membership = clerk.user.organizationMemberships.find(
          (m) => m.organization.id === clerk.organization?.id,
        );
        return {
          orgId: clerk.organization?.id ?? null,
          orgRole: membership?.role ?? null,
          o: window.decode(token).o ?? null,
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
      const clerk = window.Clerk;
      const before = clerk.session.lastActiveAt.getTime();
      await new Promise((r) => setTimeout(r, 20));
      await clerk.session.touch();
      return clerk.session.lastActiveAt.getTime() > before;
    });
    expect(touched).toBe(true);
    const sessionId = await page.evaluate(() => window.Clerk.session.id);
    await page.evaluate(() => window.Clerk.signOut());
    await page.waitForFunction(() => window.Clerk.isSignedIn === false);
    const after = await bapi(standIn, "GET", `/sessions/${sessionId}`);
    expect(after.body.status).toBe("removed");
  }, 45_000);

  it("signs in with a BAPI ticket, and a revoked session signs the page out", async () => {
    await page.goto(pageOrigin);
    expect(await page.evaluate(() => window.ready)).toBe("ready");
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
      const clerk = window.Clerk;
      const signIn = await clerk.client.signIn.create({
        strategy: "ticket",
        ticket: token,
      });
      await clerk.setActive({ session: signIn.createdSessionId });
      return clerk.session.id;
    }, ticket.body.token);
    expect(await page.evaluate(() => window.Clerk.user.id)).toBe(
      "user_student",
    );

    const revoked = await admin(
      standIn,
      "POST",
      `/sessions/${sessionId}/revoke`,
    );
    expect(revoked.body).toEqual({ revoked: true });
    const outcome = await page.evaluate(async () => {
      try {
        await window.Clerk.session.getToken({
          skipCache: true,
        });
        return "token";
      } catch (error) {
        return (error as { status?: number }).status ?? String(error);
      }
    });
    expect(outcome).toBe(401);
    await page.waitForFunction(() => window.Clerk.isSignedIn === false);
  }, 20_000);

  it("with 11 s tokens, clerk-js's cached getToken() moves to a fresh token before the old one expires", async () => {
    await page.goto(pageOrigin);
    expect(await page.evaluate(() => window.ready)).toBe("ready");
    // 11 s is shorter than real Clerk allows, so it needs the stress switch.
    await admin(standIn, "POST", "/settings", {
      stressLifetimes: true,
      sessionTokenTtlSeconds: 11,
    });
    try {
      const ticket = await bapi(standIn, "POST", "/sign_in_tokens", {
        user_id: "user_teacher",
      });
      const seen = await page.evaluate(async (token) => {
        const clerk = window.Clerk;
        const signIn = await clerk.client.signIn.create({
          strategy: "ticket",
          ticket: token,
        });
        await clerk.setActive({ session: signIn.createdSessionId });
        const first = window.decode(
          await clerk.session.getToken({ skipCache: true }),
        );
        const samples: { jti: unknown; exp: number; at: number }[] = [];
        const until = Date.now() + 12_000;
        while (Date.now() < until) {
          const claims = window.decode(await clerk.session.getToken());
          samples.push({
            jti: claims.jti,
            exp: claims.exp as number,
            at: Date.now() / 1000,
          });
          if (claims.jti !== first.jti) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        return { first, samples };
      }, ticket.body.token);
      const last = seen.samples.at(-1)!;
      expect(last.jti).not.toBe(seen.first.jti);
      expect(last.at).toBeLessThan(seen.first.exp as number);
      for (const sample of seen.samples)
        expect(sample.exp).toBeGreaterThan(sample.at);
      await page.evaluate(() => window.Clerk.signOut());
      await page.waitForFunction(() => window.Clerk?.isSignedIn === false);
    } finally {
      await admin(standIn, "POST", "/settings", {
        stressLifetimes: false,
        sessionTokenTtlSeconds: 60,
      });
    }
  }, 25_000);

  it("recovers from a dev browser the stand-in does not know (e.g. after an in-memory restart)", async () => {
    await page.goto(pageOrigin);
    expect(await page.evaluate(() => window.ready)).toBe("ready");
    await page.evaluate(() => {
      for (const part of document.cookie.split("; ")) {
        const name = part.split("=")[0];
        if (name.startsWith("__clerk_db_jwt"))
          document.cookie = `${name}=dvb_forged; path=/`;
      }
    });
    await page.reload();
    expect(await page.evaluate(() => window.ready)).toBe("ready");
    const devBrowser = await page.evaluate(
      () => /__clerk_db_jwt=([^;]+)/.exec(document.cookie)?.[1],
    );
    expect(devBrowser).toMatch(/^dvb_/);
    expect(devBrowser).not.toBe("dvb_forged");
  }, 20_000);

  it("saw no unhandled request, no failed local request and nothing off this machine", async () => {
    const requests = await admin(standIn, "GET", "/requests");
    expect(requests.body.unhandled).toEqual([]);
    expect(offMachine).toEqual([]);
    expect(failedLocal).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
