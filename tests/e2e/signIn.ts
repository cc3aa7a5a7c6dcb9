import { expect, type Page } from "@playwright/test";
import { clerkSecretKey, e2eEnv } from "../../scripts/e2eEnv";

export type TestUser = { name: string; email: string; password: string };

/** A user nobody else in this run signs in as, so tests never see each other's rows. */
export function uniqueUser(label: string): TestUser {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    name: `E2E ${label} ${id}`,
    email: `e2e-${label}-${id}@example.test`,
    password: `pw-${id}-${id}`,
  };
}

async function standIn<T>(
  path: string,
  init: { method?: string; body?: unknown; bapi?: boolean } = {},
): Promise<T> {
  const response = await fetch(`${e2eEnv.clerkUrl}${path}`, {
    method: init.method ?? "POST",
    headers: {
      "content-type": "application/json",
      ...(init.bapi
        ? // The key the Playwright run made and pinned the stack's stand-in to.
          { authorization: `Bearer ${clerkSecretKey()}` }
        : { "x-admin-key": e2eEnv.adminKey }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  expect(response.ok, `Clerk stand-in ${path}: ${text}`).toBe(true);
  return JSON.parse(text) as T;
}

/** Creates the user in the Clerk stand-in (idempotent by email); returns its id. */
export async function createUser(user: TestUser): Promise<string> {
  const { id } = await standIn<{ id: string }>("/_admin/users", {
    body: user,
  });
  return id;
}

export type SignedIn = { userId: string; sessionId: string };

/**
 * Signs `page` in as `user` the way Clerk's testing helpers do: a sign-in token from
 * the Backend API, redeemed by the app's own <SignIn> as `__clerk_ticket`. Ends on
 * `redirectTo` (default /classes) with clerk-js holding the new session.
 */
export async function signIn(
  page: Page,
  user: TestUser,
  redirectTo = "/classes",
): Promise<SignedIn> {
  const userId = await createUser(user);
  const token = await signInTicket(userId);
  await page.goto(
    `/sign-in?__clerk_ticket=${encodeURIComponent(token)}&redirect_url=${encodeURIComponent(redirectTo)}`,
  );
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 60_000 });
  const sessionId = await page.evaluate(
    () =>
      (window as unknown as { Clerk?: { session?: { id?: string } } }).Clerk
        ?.session?.id ?? null,
  );
  expect(
    sessionId,
    "clerk-js has a session after the ticket sign-in",
  ).toBeTruthy();
  return { userId, sessionId: sessionId! };
}

/** A sign-in token (ticket) for `userId` from the Backend API, valid 5 minutes. */
async function signInTicket(userId: string): Promise<string> {
  const { token } = await standIn<{ token: string }>(
    "/bapi/v1/sign_in_tokens",
    {
      bapi: true,
      body: { user_id: userId, expires_in_seconds: 300 },
    },
  );
  return token;
}

type ClerkInPage = {
  setActive(options: { session: string }): Promise<void>;
  client: {
    signIn: {
      create(params: {
        strategy: "ticket";
        ticket: string;
      }): Promise<{ status: string; createdSessionId: string | null }>;
    };
  };
};

/**
 * Signs `user` in on the page as it stands, through clerk-js (what Clerk's modal
 * sign-in does): no navigation, no reload. With multi-session on, the tab's
 * other sessions stay signed in and this one becomes the active one.
 */
export async function signInWithoutLeaving(
  page: Page,
  user: TestUser,
): Promise<SignedIn> {
  const userId = await createUser(user);
  const ticket = await signInTicket(userId);
  const sessionId = await page.evaluate(async (ticket) => {
    const clerk = (window as unknown as { Clerk: ClerkInPage }).Clerk;
    const attempt = await clerk.client.signIn.create({
      strategy: "ticket",
      ticket,
    });
    if (attempt.status !== "complete" || !attempt.createdSessionId)
      throw new Error(`The ticket sign-in ended as ${attempt.status}.`);
    await clerk.setActive({ session: attempt.createdSessionId });
    return attempt.createdSessionId;
  }, ticket);
  return { userId, sessionId };
}

/** Ends a session from outside the browser (as signing out on another device does). */
export async function revokeSession(sessionId: string): Promise<void> {
  await standIn(`/bapi/v1/sessions/${encodeURIComponent(sessionId)}/revoke`, {
    bapi: true,
  });
}

/** The current Convex token of the signed-in page, as the app's provider would get it. */
export async function convexToken(page: Page): Promise<string> {
  const token = await page.evaluate(async () => {
    const clerk = (
      window as unknown as {
        Clerk?: {
          session?: {
            getToken: (o?: { template?: string }) => Promise<string | null>;
          };
        };
      }
    ).Clerk;
    return (await clerk?.session?.getToken()) ?? null;
  });
  expect(token, "a signed-in page has a session token").toBeTruthy();
  return token!;
}

/**
 * Signs in through Clerk's own <SignIn> form on the current /sign-in page: email,
 * then password. The user must exist (see `createUser`).
 */
export async function signInThroughForm(page: Page, user: TestUser) {
  await page.getByLabel(/email address/i).fill(user.email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByLabel(/^password$/i).fill(user.password);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

/** Signs out through Clerk's <UserButton> menu in the header. */
export async function signOutThroughUserButton(page: Page) {
  await page
    .getByRole("banner")
    .getByRole("button", { name: /user (button|menu)/i })
    .click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
}
