import { expect, test } from "@playwright/test";
import { e2eEnv } from "../../scripts/e2eEnv";
import { signIn, uniqueUser } from "./signIn";

const MALFORMED_COOKIES = [
  "__session=%E0%A4%A",
  "__session=abc.def.ghi; __client_uat=99999999999",
  "__client_uat=%ZZ; __clerk_db_jwt=%",
  `__session=${"a".repeat(6000)}`,
  "__session=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyX3RlYWNoZXIifQ.",
];

const ROUTES = [
  "/",
  "/sign-in",
  "/classes",
  "/api/convex-token",
  "/api/dev/backend/counters",
];

test("malformed, forged or oversized Clerk cookies never get a 5xx, and the browser recovers to a working sign-in", async ({
  request,
  browser,
}) => {
  for (const cookie of MALFORMED_COOKIES) {
    for (const route of ROUTES) {
      for (const accept of ["text/html", "application/json"]) {
        const response = await request.get(route, {
          headers: { cookie, accept },
          maxRedirects: 0,
        });
        expect(
          response.status(),
          `${route} with ${cookie.slice(0, 40)} (${accept})`,
        ).toBeLessThan(500);
      }
    }
  }

  // A browser holding a bad percent-escape in its session cookie: the middleware's
  // handshake with the Clerk stand-in replaces the cookies, and sign-in works.
  const context = await browser.newContext();
  const host = new URL(e2eEnv.appUrl).hostname;
  await context.addCookies([
    { name: "__session", value: "%E0%A4%A", domain: host, path: "/" },
    { name: "__client_uat", value: "%ZZ", domain: host, path: "/" },
  ]);
  const page = await context.newPage();
  await page.goto("/classes");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, uniqueUser("badcookie"));
  await expect(page).toHaveURL(/\/classes/);
  await context.close();
});
