import { expect, test } from "@playwright/test";

/**
 * Who may see what is checked where the data is read (layouts, route handlers), not
 * in the middleware. A signed-out visitor still gets the same answers as before.
 */

test("signed-out visits to signed-in pages are sent to sign in and told where to come back", async ({
  page,
}) => {
  for (const path of [
    "/classes",
    "/classes/k57abc0000000000000000000000000",
    "/dev/auth-harness",
    "/dev/client-classes",
  ]) {
    await page.goto(path);
    const url = new URL(page.url());
    expect(url.pathname, path).toBe("/sign-in");
    const back = new URL(url.searchParams.get("redirect_url") ?? "", url);
    expect(back.origin, path).toBe(url.origin);
    expect(back.pathname, path).toBe(path);
    await expect(page.getByLabel(/email address/i)).toBeVisible();
  }
  // The home page stays open to everyone.
  await page.goto("/");
  await expect(page).toHaveURL(/\/$/);
});

test("signed-out calls to the app's API get 401 JSON with a sentence, never a redirect", async ({
  request,
}) => {
  for (const [method, path] of [
    ["GET", "/api/dev/token-settings"],
    ["POST", "/api/dev/token-settings"],
    ["POST", "/api/dev/backend/counters"],
  ] as const) {
    const response = await request.fetch(path, {
      method,
      maxRedirects: 0,
      headers: { "content-type": "application/json" },
      data: method === "POST" ? "{}" : undefined,
    });
    expect(response.status(), `${method} ${path}`).toBe(401);
    expect(response.headers()["content-type"]).toMatch(/application\/json/);
    expect(await response.json()).toEqual({
      error: "Sign in first: this endpoint needs a signed-in session.",
    });
  }
});
