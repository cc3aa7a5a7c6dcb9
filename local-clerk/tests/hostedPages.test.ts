/**
 * The hosted /sign-in and /sign-up pages (the stand-in's Account Portal):
 * the URL @clerk/backend's redirect builds from appEnv({ hostedPages }), the
 * page for each clerk-js generation, refusals, and the real <SignIn/> of
 * clerk-js 5 and of clerk-js 6 + @clerk/ui signing in on the page in jsdom.
 */
import { createRedirect } from "@clerk/backend/internal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { button, openPage, type, waitFor } from "./jsdomPage";
import {
  claims,
  FapiClient,
  PASSWORD,
  startTestStandIn,
  type StandIn,
} from "./support";

let standIn: StandIn;

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(async () => {
  await standIn.close();
});

const APP = "http://localhost:3000";

/** GETs a browser URL of the stand-in through its server address. */
async function open(
  target: StandIn,
  browserUrl: string,
  init: RequestInit = {},
) {
  const res = await fetch(
    browserUrl.replace(target.publicOrigin, target.url),
    init,
  );
  return { res, text: await res.text() };
}

function pageConfig(html: string) {
  const match =
    /<script id="clerk-hosted-config" type="application\/json">(.*?)<\/script>/s.exec(
      html,
    );
  if (!match) throw new Error("no config in the page");
  return JSON.parse(match[1]) as Record<string, unknown>;
}

describe("appEnv({ hostedPages })", () => {
  it("points the sign-in and sign-up URLs at the hosted pages; the default stays the app's /sign-in", () => {
    const hosted = standIn.appEnv({ hostedPages: true });
    expect(hosted.NEXT_PUBLIC_CLERK_SIGN_IN_URL).toBe(
      `${standIn.publicOrigin}/sign-in`,
    );
    expect(hosted.NEXT_PUBLIC_CLERK_SIGN_UP_URL).toBe(
      `${standIn.publicOrigin}/sign-up`,
    );
    const plain = standIn.appEnv();
    expect(plain.NEXT_PUBLIC_CLERK_SIGN_IN_URL).toBe("/sign-in");
    expect(plain).not.toHaveProperty("NEXT_PUBLIC_CLERK_SIGN_UP_URL");
    expect(standIn.appEnv({ hostedPages: false })).toEqual(plain);
  });

  it("is where @clerk/backend's redirect sends a signed-out visitor, with the dev browser", async () => {
    const env = standIn.appEnv({ hostedPages: true });
    let location = "";
    const { redirectToSignIn, redirectToSignUp } = createRedirect({
      publishableKey: standIn.publishableKey,
      baseUrl: APP,
      signInUrl: env.NEXT_PUBLIC_CLERK_SIGN_IN_URL,
      signUpUrl: env.NEXT_PUBLIC_CLERK_SIGN_UP_URL,
      devBrowserToken: "dvb_from_the_app",
      redirectAdapter: (url: string | URL) => {
        location = String(url);
      },
    });
    redirectToSignIn({ returnBackUrl: `${APP}/protected` });
    expect(location).toBe(
      `${standIn.publicOrigin}/sign-in?redirect_url=${encodeURIComponent(`${APP}/protected`)}&__clerk_db_jwt=dvb_from_the_app`,
    );
    const page = await open(standIn, location);
    expect(page.res.status).toBe(200);
    expect(pageConfig(page.text)).toMatchObject({
      page: "sign-in",
      redirectUrl: `${APP}/protected`,
    });
    redirectToSignUp({ returnBackUrl: `${APP}/` });
    expect(location).toMatch(
      new RegExp(`^${standIn.publicOrigin}/sign-up\\?redirect_url=`),
    );
    expect((await open(standIn, location)).res.status).toBe(200);
  });

  it("is needed: without a sign-in URL the SDK derives the Account Portal from the key, a host that does not exist", () => {
    let location = "";
    createRedirect({
      publishableKey: standIn.publishableKey,
      baseUrl: APP,
      redirectAdapter: (url: string | URL) => {
        location = String(url);
      },
    }).redirectToSignIn({ returnBackUrl: `${APP}/protected` });
    expect(location).toMatch(
      /^https:\/\/classroom-local\.accounts\.dev\/sign-in\?redirect_url=/,
    );
  });

  it("names the hosted pages in the environment, where Clerk names the Account Portal", async () => {
    const fapi = await new FapiClient(standIn).start();
    const env = await fapi.call("GET", "/environment");
    expect(env.body.display_config).toMatchObject({
      sign_in_url: `${standIn.publicOrigin}/sign-in`,
      sign_up_url: `${standIn.publicOrigin}/sign-up`,
    });
  });
});

describe("the hosted pages", () => {
  it("load clerk-js 6 and @clerk/ui by default, and mount <SignIn/> or <SignUp/> with the redirect", async () => {
    const back = encodeURIComponent(`${APP}/classes?tab=1`);
    const signIn = await open(
      standIn,
      `${standIn.publicOrigin}/sign-in?redirect_url=${back}`,
    );
    expect(signIn.res.status).toBe(200);
    expect(signIn.res.headers.get("content-type")).toBe(
      "text/html; charset=utf-8",
    );
    expect(signIn.res.headers.get("x-frame-options")).toBe("DENY");
    expect(signIn.text).toContain("<title>Sign in · Classroom (local)</title>");
    expect(pageConfig(signIn.text)).toEqual({
      page: "sign-in",
      publishableKey: standIn.publishableKey,
      proxyUrl: `${standIn.publicOrigin}/__clerk`,
      clerkJsUrl: "/npm/@clerk/clerk-js@6.40.0/dist/clerk.browser.js",
      clerkUiUrl: "/npm/@clerk/ui@1.34.0/dist/ui.browser.js",
      redirectUrl: `${APP}/classes?tab=1`,
      redirectOrigin: APP,
      signInUrl: `/sign-in?redirect_url=${back}`,
      signUpUrl: `/sign-up?redirect_url=${back}`,
    });
    expect(signIn.text).toContain("window.Clerk.mountSignIn(root, {");
    expect(signIn.text).toContain("forceRedirectUrl: config.redirectUrl");
    const signUp = await open(
      standIn,
      `${standIn.publicOrigin}/sign-up?sign_up_force_redirect_url=${back}`,
    );
    expect(signUp.res.status).toBe(200);
    expect(pageConfig(signUp.text)).toMatchObject({
      page: "sign-up",
      redirectUrl: `${APP}/classes?tab=1`,
    });
    const head = await open(
      standIn,
      `${standIn.publicOrigin}/sign-in?redirect_url=${back}`,
      { method: "HEAD" },
    );
    expect(head.res.status).toBe(200);
  });

  it("load clerk-js 5 alone (its UI is built in) for an app on @clerk/nextjs 6", async () => {
    const core2 = await startTestStandIn({ clerkJsMajor: 5 });
    try {
      const page = await open(
        core2,
        `${core2.publicOrigin}/sign-in?redirect_url=${encodeURIComponent(`${APP}/`)}`,
      );
      expect(pageConfig(page.text)).toMatchObject({
        clerkJsUrl: "/npm/@clerk/clerk-js@5.128.0/dist/clerk.browser.js",
        clerkUiUrl: null,
      });
    } finally {
      await core2.close();
    }
  });

  it("fall back to the linking app's origin when no redirect URL is given, and refuse without one", async () => {
    const linked = await open(standIn, `${standIn.publicOrigin}/sign-up`, {
      headers: { referer: `${APP}/sign-in?x=1` },
    });
    expect(linked.res.status).toBe(200);
    expect(pageConfig(linked.text).redirectUrl).toBe(`${APP}/`);
    const bare = await open(standIn, `${standIn.publicOrigin}/sign-in`);
    expect(bare.res.status).toBe(400);
    expect(bare.text).toBe(
      "The hosted /sign-in page needs redirect_url, the app page to return to once done (for example http://localhost:3000/).",
    );
  });

  it("refuse redirect URLs off the stand-in's site with a sentence", async () => {
    const site = new URL(standIn.publicOrigin).hostname;
    for (const [param, value] of [
      ["redirect_url", "https://example.com/"],
      ["redirect_url", "http://127.0.0.1:3000/"],
      ["redirect_url", "javascript:alert(1)"],
      ["redirect_url", "not a url"],
      ["redirect_url", "http://user:pw@localhost:3000/"],
      ["redirect_url", `http://localhost:3000/${"a".repeat(2100)}`],
      ["sign_in_force_redirect_url", "http://evil.test/"],
      ["sign_up_fallback_redirect_url", "ftp://localhost/"],
    ]) {
      const { res, text } = await open(
        standIn,
        `${standIn.publicOrigin}/sign-in?${param}=${encodeURIComponent(value)}`,
      );
      expect(res.status, value).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(text).toMatch(
        new RegExp(
          `^${param} must be an http\\(s\\) URL on ${site} \\(any port\\), the site of the local Clerk stand-in's pages, so the session cookies reach it; got ".*"\\.$`,
          "s",
        ),
      );
      expect(text.length).toBeLessThan(500);
    }
  });

  it("keep a redirect URL from closing the config script, and take only GET", async () => {
    const hostile = `${APP}/?q=</script><script>alert(1)</script>`;
    const page = await open(
      standIn,
      `${standIn.publicOrigin}/sign-in?redirect_url=${encodeURIComponent(hostile)}`,
    );
    expect(page.res.status).toBe(200);
    expect(page.text).not.toContain("<script>alert(1)");
    expect(pageConfig(page.text).redirectUrl).toBe(hostile);
    const post = await open(standIn, `${standIn.publicOrigin}/sign-up`, {
      method: "POST",
    });
    expect(post.res.status).toBe(405);
    expect(post.text).toBe("POST is not allowed on the hosted /sign-up page.");
  });
});

describe.each([6, 5] as const)(
  "the hosted sign-in page with clerk-js %i, in jsdom",
  (major) => {
    it("renders the real <SignIn/>, signs in with a password and heads back to the app", async () => {
      const target = await startTestStandIn({ clerkJsMajor: major });
      const page = await openPage(
        `${target.publicOrigin}/sign-in?redirect_url=${encodeURIComponent(`${APP}/protected`)}`,
      );
      try {
        const identifier = await waitFor(
          () =>
            page.document.querySelector<HTMLInputElement>(
              "input[name=identifier]",
            ),
          "the identifier field",
        );
        expect(page.document.body.textContent).toContain(
          "Sign in to Classroom (local)",
        );
        expect(page.window.Clerk.version).toMatch(new RegExp(`^${major}\\.`));
        type(page, identifier, "teacher@example.com");
        button(page, "Continue")!.click();
        const password = await waitFor(
          () =>
            page.document.body.textContent?.includes("Enter your password") &&
            page.document.querySelector<HTMLInputElement>(
              "input[name=password]",
            ),
          "the password step",
        );
        type(page, password, PASSWORD);
        button(page, "Continue")!.click();
        // clerk-js navigates to the redirect URL (jsdom does not follow) ...
        await waitFor(
          () => page.errors.some((e) => e.includes("navigation")),
          "the navigation to the redirect URL",
        );
        // ... having written the session cookie the app (same host) reads.
        const session = /(?:^|; )__session=([^;]+)/.exec(page.document.cookie);
        expect(claims(session![1]).sub).toBe("user_teacher");
        expect(page.document.cookie).toMatch(/(^|; )__client_uat=[1-9]/);
      } finally {
        page.close();
        await target.close();
      }
    }, 60_000);
  },
);
