/**
 * Debian Chromium for the benchmark, and signed-in browser contexts: each context is
 * one browser profile with its own Clerk session, signed in the way the E2E suite
 * does it (a sign-in token from the stand-in's Backend API, redeemed by the app's
 * own <SignIn> as `__clerk_ticket`).
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { chromiumOfflineArgs } from "../../scripts/e2eEnv";

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: chromiumOfflineArgs });
}

export const BENCH_USER = { name: "Bench Teacher", email: "bench@example.com" };

export const BENCH_CLASSES = [
  { name: "Bench Algebra", section: "Period 1", term: "Fall" },
  { name: "Bench Biology", section: "Period 3", term: "Fall" },
  { name: "Bench Chemistry", section: "Period 5", term: "Spring" },
];

export type StandInAccess = {
  /** Server-to-server URL of the Clerk stand-in. */
  url: string;
  adminKey: string;
  secretKey: string;
};

async function standInJson<T>(
  access: StandInAccess,
  path: string,
  body: unknown,
  auth: "admin" | "bapi",
): Promise<T> {
  const response = await fetch(`${access.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(auth === "bapi"
        ? { authorization: `Bearer ${access.secretKey}` }
        : { "x-admin-key": access.adminKey }),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `Clerk stand-in ${path} answered ${response.status}: ${text}`,
    );
  }
  return JSON.parse(text) as T;
}

/** Sets the stand-in's token lifetimes; tokens minted from now on use them. */
export async function setTokenLifetime(
  access: StandInAccess,
  seconds: number,
): Promise<void> {
  await standInJson(
    access,
    "/_admin/settings",
    { sessionTokenTtlSeconds: seconds, templateTtlSeconds: seconds },
    "admin",
  );
}

/**
 * Signs `context` in as the bench user and leaves `page` (a new one if not given)
 * on `landOn`, with clerk-js holding the session.
 */
export async function signIn(
  context: BrowserContext,
  appUrl: string,
  access: StandInAccess,
  landOn = "/classes",
): Promise<Page> {
  const { id } = await standInJson<{ id: string }>(
    access,
    "/_admin/users",
    BENCH_USER,
    "admin",
  );
  const { token } = await standInJson<{ token: string }>(
    access,
    "/bapi/v1/sign_in_tokens",
    { user_id: id, expires_in_seconds: 300 },
    "bapi",
  );
  const page = await context.newPage();
  await page.goto(
    `${appUrl}/sign-in?__clerk_ticket=${encodeURIComponent(token)}&redirect_url=${encodeURIComponent(landOn)}`,
  );
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), {
    timeout: 60_000,
  });
  await page.waitForFunction(
    () =>
      Boolean(
        (window as unknown as { Clerk?: { session?: { id?: string } } }).Clerk
          ?.session?.id,
      ),
    undefined,
    { timeout: 30_000 },
  );
  return page;
}

/** The signed-in page's current Convex token (Clerk's native integration: the session token). */
export async function tokenFor(page: Page): Promise<string> {
  const token = await page.evaluate(async () => {
    const clerk = (
      window as unknown as {
        Clerk?: { session?: { getToken: () => Promise<string | null> } };
      }
    ).Clerk;
    return (await clerk?.session?.getToken()) ?? null;
  });
  if (!token) throw new Error("the signed-in page has no session token");
  return token;
}

/** Waits until clerk-js has loaded on `page`. */
export async function clerkLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (window as unknown as { Clerk?: { loaded?: boolean } }).Clerk?.loaded ===
      true,
    undefined,
    { timeout: 30_000 },
  );
}

/** Creates the bench classes over the backend's HTTP API, as the signed-in user. */
export async function seedClasses(
  backendUrl: string,
  token: string,
): Promise<void> {
  for (const found of BENCH_CLASSES) {
    const response = await fetch(`${backendUrl}/api/mutation`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        path: "classes:create",
        format: "convex_encoded_json",
        args: [found],
      }),
    });
    const body = (await response.json()) as { status?: string };
    if (response.status !== 200 || body.status !== "success") {
      throw new Error(
        `classes:create failed: ${response.status} ${JSON.stringify(body)}`,
      );
    }
  }
}
