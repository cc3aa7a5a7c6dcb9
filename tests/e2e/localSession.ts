import { expect, type APIRequestContext } from "@playwright/test";

export type TestUser = { name: string; email: string };

/** A user nobody else in this run signs in as, so tests never see each other's rows. */
export function uniqueUser(label: string): TestUser {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    name: `E2E ${label} ${id}`,
    email: `e2e-${label}-${id}@example.test`,
  };
}

/**
 * Signs in through the local identity provider with the context's request client
 * (`page.request` or `context.request`), so the httpOnly session cookie lands in
 * the browser context's cookie jar.
 */
export async function signIn(request: APIRequestContext, user: TestUser) {
  const response = await request.post("/api/local-auth/sign-in", {
    data: user,
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as {
    signedIn: true;
    sessionId: string;
    user: { sub: string; name: string; email: string };
  };
}

/** A Convex token for the context's session (as the browser would get it). */
export async function mintToken(request: APIRequestContext): Promise<string> {
  const response = await request.post("/api/local-auth/token");
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { token: string }).token;
}
