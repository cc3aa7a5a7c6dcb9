import { expect, test, type Page } from "@playwright/test";
import { openClasses } from "./classesPage";
import { e2eEnv } from "../../scripts/e2eEnv";
import { recordMatrixRow } from "./matrix";
import { passTime, resetStackClock } from "./stackControl";
import {
  createUser,
  signInThroughForm,
  signOutThroughUserButton,
  uniqueUser,
} from "./signIn";

type Unhandled = { method: string; path: string };

test.afterEach(async () => {
  await resetStackClock();
});

async function unhandledStandInRequests(): Promise<Unhandled[]> {
  const response = await fetch(`${e2eEnv.clerkUrl}/_admin/requests`, {
    headers: { "x-admin-key": e2eEnv.adminKey },
  });
  expect(response.ok).toBe(true);
  return ((await response.json()) as { unhandled: Unhandled[] }).unhandled;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Every request the page makes that would leave this machine. Such requests are aborted. */
async function blockOffMachineRequests(page: Page): Promise<string[]> {
  const offMachine: string[] = [];
  await page.context().route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (
      (url.protocol === "http:" || url.protocol === "https:") &&
      !LOOPBACK_HOSTS.has(url.hostname)
    ) {
      offMachine.push(
        `${route.request().method()} ${url.origin}${url.pathname}`,
      );
      await route.abort();
      return;
    }
    await route.continue();
  });
  return offMachine;
}

/**
 * The Clerk contract: the real clerk-js and @clerk/ui bundles, driven through the
 * app's own pages, need nothing the local stand-in does not answer, and nothing
 * leaves the machine. A Clerk upgrade that changes the protocol fails here first.
 */
test("Clerk contract: sign-in UI, tokens, refresh, org switch and sign-out use only routes the stand-in serves", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const before = (await unhandledStandInRequests()).length;
  const offMachine = await blockOffMachineRequests(page);
  await page.clock.install();
  const user = uniqueUser("contract");
  await createUser(user);

  await page.goto("/classes");
  await expect(page).toHaveURL(/\/sign-in/);
  await signInThroughForm(page, user);
  await page.waitForURL(/\/classes/);
  await openClasses(page);

  // Cached and forced tokens, the convex template, and an organization switch:
  // every clerk-js call the refresh designs in this app rely on.
  const claims = await page.evaluate(async () => {
    type Session = {
      getToken: (o?: {
        template?: string;
        skipCache?: boolean;
      }) => Promise<string | null>;
    };
    const clerk = (
      window as unknown as {
        Clerk: {
          session: Session;
          user: { organizationMemberships: { organization: { id: string } }[] };
          setActive: (o: { organization: string | null }) => Promise<void>;
        };
      }
    ).Clerk;
    const decode = (jwt: string | null) =>
      jwt
        ? (JSON.parse(
            atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")),
          ) as Record<string, unknown>)
        : null;
    const cached = decode(await clerk.session.getToken());
    const forced = decode(await clerk.session.getToken({ skipCache: true }));
    const template = decode(
      await clerk.session.getToken({ template: "convex", skipCache: true }),
    );
    const orgId =
      clerk.user.organizationMemberships[0]?.organization.id ?? null;
    if (orgId) await clerk.setActive({ organization: orgId });
    const afterSwitch = decode(
      await clerk.session.getToken({ skipCache: true }),
    );
    return { cached, forced, template, orgId, afterSwitch };
  });
  expect(claims.forced?.jti).not.toEqual(claims.cached?.jti);
  expect(claims.template?.aud).toBe("convex");
  expect(claims.orgId, "test users belong to an organization").toBeTruthy();
  expect(JSON.stringify(claims.afterSwitch)).toContain(claims.orgId!);

  // Let clerk-js's own poller and Convex's refresh timer run past one lifetime
  // (every clock jumps: the requests are the same, the wait is not).
  await passTime([page], e2eEnv.tokenTtlSeconds + 2);
  await page.goto("/dev/auth-harness");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  await page.goto("/classes");
  await openClasses(page);
  await signOutThroughUserButton(page);
  await expect(page).toHaveURL(/\/$/);

  const unhandled = (await unhandledStandInRequests()).slice(before);
  expect(unhandled, "requests the Clerk stand-in did not handle").toEqual([]);
  expect(offMachine, "requests that would have left the machine").toEqual([]);

  await recordMatrixRow(testInfo, {
    lane: "clerk-js (contract)",
    scenario: "sign-in UI, tokens, org switch, sign-out",
    passed: true,
    survivedExpiry: true,
    failedQueries: 0,
    successfulQueries: 1,
    tokenFetches: 3,
    refreshes: 0,
    maxRefreshErrorMs: null,
    note: "no request the stand-in did not handle; none left the machine",
  });
});
