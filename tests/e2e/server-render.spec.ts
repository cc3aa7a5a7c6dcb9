import { expect, test } from "@playwright/test";
import { e2eEnv } from "../../scripts/e2eEnv";
import { convexToken, signIn, uniqueUser } from "./signIn";
import { recordMatrixRow } from "./matrix";

/** Adds a class over the Convex HTTP API, as `fetchMutation` would. */
async function createClassOverHttp(token: string, name: string) {
  const response = await fetch(`${e2eEnv.backendUrl}/api/mutation`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      path: "classes:create",
      format: "convex_encoded_json",
      args: [{ name }],
    }),
  });
  expect(response.status, await response.text()).toBe(200);
}

test("server rendering: the first HTML of /classes holds the user's classes", async ({
  browser,
  context,
}, testInfo) => {
  const user = uniqueUser("ssr");
  const signedInPage = await context.newPage();
  await signIn(signedInPage, user);
  const token = await convexToken(signedInPage);
  const names = [`SSR Algebra ${Date.now()}`, `SSR Botany ${Date.now()}`];
  for (const name of names) await createClassOverHttp(token, name);

  // The document as the server sends it, with the session cookie and no script run.
  const response = await context.request.get("/classes");
  expect(response.status()).toBe(200);
  const html = await response.text();
  for (const name of names) expect(html).toContain(name);
  expect(html).not.toContain('data-testid="session-ended"');
  expect(html).not.toContain('data-testid="load-error"');

  // And as a browser with JavaScript off gets it. The page streams behind a
  // loading.tsx boundary, so without script the content sits in the document in a
  // hidden block that React would swap in: present, not visible.
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await context.storageState(),
  });
  const page = await noScript.newPage();
  await page.goto("/classes");
  for (const name of names) {
    await expect(
      page.getByTestId("class-name").getByText(name, { exact: true }),
    ).toBeAttached();
  }
  await noScript.close();

  // Signed out, the same request gets no class names.
  const anonymous = await browser.newContext();
  const signedOut = await anonymous.request.get("/classes");
  const signedOutHtml = await signedOut.text();
  for (const name of names) expect(signedOutHtml).not.toContain(name);
  await anonymous.close();

  await recordMatrixRow(testInfo, {
    lane: "official (app)",
    scenario: "server rendering",
    passed: true,
    survivedExpiry: true,
    failedQueries: 0,
    successfulQueries: 1,
    tokenFetches: 1,
    refreshes: 0,
    maxRefreshErrorMs: null,
    note: "first HTML (cookie, no JS) lists the user's classes; signed-out HTML does not",
  });
});
