import {
  expect,
  test,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import {
  changeClerkSettings,
  readClerkSettings,
} from "../../harness/tests/e2e/matrixClerkSettings";
import { expectLive, openClasses } from "./classesPage";
import { watchPage, type PageWatch } from "./pageWatch";
import { signIn, uniqueUser } from "./signIn";
import { passTime, resetStackClock } from "./stackControl";

/**
 * Several tabs of one browser profile (clerk/javascript#6891, #8969): how many
 * Frontend API token requests a browser makes, how many `Authenticate` messages each
 * tab's Convex client sends, and whether any tab loses its data. Three profiles (1,
 * 2 and 5 tabs) run side by side over the same three token lifetimes, with Clerk's
 * real 60 s session tokens and time compressed.
 */

const LIFETIME_SECONDS = 60;
const LIFETIMES = 3;
const TAB_COUNTS = [1, 2, 5] as const;
const TOKEN_ROUTE = /\/v1\/client\/sessions\/[^/]+\/tokens/;

type Profile = {
  tabs: number;
  context: BrowserContext;
  pages: Page[];
  watches: PageWatch[];
  tokenRequests: number;
  authenticates: number[];
};

async function openProfile(browser: Browser, tabs: number): Promise<Profile> {
  const context = await browser.newContext();
  await context.clock.install();
  const profile: Profile = {
    tabs,
    context,
    pages: [],
    watches: [],
    tokenRequests: 0,
    authenticates: [],
  };
  context.on("request", (request) => {
    if (request.method() === "POST" && TOKEN_ROUTE.test(request.url()))
      profile.tokenRequests += 1;
  });
  for (let index = 0; index < tabs; index++) {
    const page = await context.newPage();
    profile.watches.push(await watchPage(page));
    profile.authenticates.push(0);
    page.on("websocket", (socket) =>
      socket.on("framesent", ({ payload }) => {
        if (typeof payload === "string" && payload.includes('"Authenticate"'))
          profile.authenticates[index] += 1;
      }),
    );
    if (index === 0) await signIn(page, uniqueUser(`tabs-${tabs}`));
    await openClasses(page);
    profile.pages.push(page);
  }
  return profile;
}

test.afterEach(async () => {
  await resetStackClock();
});

test("1, 2 and 5 tabs of one browser over 3 lifetimes: Clerk token requests, Authenticate messages per tab, no lost data", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const before = await readClerkSettings();
  await changeClerkSettings({
    convexIntegration: "native",
    sessionTokenTtlSeconds: LIFETIME_SECONDS,
    templateTtlSeconds: LIFETIME_SECONDS,
  });
  try {
    const profiles: Profile[] = [];
    for (const tabs of TAB_COUNTS)
      profiles.push(await openProfile(browser, tabs));
    // Only the steady state counts, not the page loads.
    for (const profile of profiles) {
      profile.tokenRequests = 0;
      profile.authenticates.fill(0);
    }
    for (let lifetime = 0; lifetime < LIFETIMES; lifetime++) {
      await passTime(
        profiles.map((profile) => profile.pages[0]),
        LIFETIME_SECONDS,
      );
      await profiles[0].pages[0].waitForTimeout(1500);
    }

    const hours = (LIFETIMES * LIFETIME_SECONDS) / 3600;
    console.log(
      `[tabs] over ${LIFETIMES} lifetimes of ${LIFETIME_SECONDS} s\n${profiles
        .map(
          (profile) =>
            `  ${profile.tabs} tab(s): ${profile.tokenRequests} token requests (${Math.round(profile.tokenRequests / hours)} per hour per browser), Authenticate per tab ${profile.authenticates.join("/")}`,
        )
        .join("\n")}`,
    );
    // A Convex client confirms a new token every lifetime − 10 s (its refresh
    // leeway): at most 4 in 3 lifetimes of 60 s, plus one for a reconnect.
    const mostAuthenticates =
      Math.ceil((LIFETIMES * LIFETIME_SECONDS) / (LIFETIME_SECONDS - 10)) + 1;
    for (const profile of profiles) {
      for (const page of profile.pages) await expectLive(page);
      const errors = profile.watches.flatMap((watch) => watch.errorUi());
      expect(errors, `${profile.tabs} tab(s): error UI`).toEqual([]);
      for (const count of profile.authenticates) {
        expect(count).toBeGreaterThanOrEqual(LIFETIMES - 1);
        expect(count).toBeLessThanOrEqual(mostAuthenticates);
      }
    }
    // Each tab's Convex client forces its own token request once a lifetime, so a
    // browser's requests grow with its tabs; clerk-js's own renewals do not, because
    // its token cache shares fresh tokens between tabs (BroadcastChannel
    // "clerk:session_token", clerk-js src/core/tokenCache.ts). Measured: 8, 9 and 16
    // requests for 1, 2 and 5 tabs.
    const [one, , five] = profiles.map((profile) => profile.tokenRequests);
    expect(five).toBeGreaterThanOrEqual(5 * (LIFETIMES - 1));
    expect(five, "5 tabs cost less than 5 browsers").toBeLessThan(5 * one);
    for (const profile of profiles) await profile.context.close();
  } finally {
    await changeClerkSettings(before);
  }
});
