import { expect, type Page } from "@playwright/test";
import { realClerkSetup } from "../../scripts/realClerkEnv";

/** The Frontend API host is the base64 payload of the publishable key. */
function frontendApiHost(publishableKey: string): string {
  const encoded = publishableKey.replace(/^pk_(test|live)_/, "");
  return Buffer.from(encoded, "base64").toString("utf8").replace(/\$$/, "");
}

async function backendApi<T>(
  secretKey: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`https://api.clerk.com/v1${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${secretKey}`,
      "content-type": "application/json",
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  expect(response.ok, `Clerk Backend API ${path}: ${text}`).toBe(true);
  return JSON.parse(text) as T;
}

/**
 * Signs in as E2E_CLERK_USER_EMAIL without a password: a testing token lets the
 * browser past bot protection (what @clerk/testing does), and a sign-in token
 * (`__clerk_ticket`) signs the user in through the app's own <SignIn>.
 * Returns the user id, which is the Convex `subject`.
 */
export async function signInWithClerk(page: Page): Promise<string> {
  const setup = realClerkSetup();
  if (!setup.enabled) throw new Error(`real Clerk: ${setup.reason}`);
  const { token: testingToken } = await backendApi<{ token: string }>(
    setup.secretKey,
    "/testing_tokens",
    { method: "POST" },
  );
  const host = frontendApiHost(setup.publishableKey);
  await page.route(`https://${host}/v1/**`, async (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set("__clerk_testing_token", testingToken);
    await route.continue({ url: url.toString() });
  });
  const users = await backendApi<{ id: string }[]>(
    setup.secretKey,
    `/users?email_address=${encodeURIComponent(setup.userEmail)}`,
  );
  expect(users.length, `no Clerk user ${setup.userEmail}`).toBeGreaterThan(0);
  const userId = users[0]!.id;
  const { token: ticket } = await backendApi<{ token: string }>(
    setup.secretKey,
    "/sign_in_tokens",
    { method: "POST", body: { user_id: userId } },
  );
  await page.goto(
    `/sign-in?__clerk_ticket=${encodeURIComponent(ticket)}&redirect_url=${encodeURIComponent("/classes")}`,
  );
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 60_000 });
  return userId;
}
