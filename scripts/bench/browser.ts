/** Debian Chromium for the benchmark, and a signed-in context with seeded classes. */
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { chromiumOfflineArgs } from "../../tests/e2e/env";

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: chromiumOfflineArgs });
}

export const BENCH_USER = { name: "Bench Teacher", email: "bench@example.com" };

export const BENCH_CLASSES = [
  { name: "Bench Algebra", section: "Period 1", term: "Fall" },
  { name: "Bench Biology", section: "Period 3", term: "Fall" },
  { name: "Bench Chemistry", section: "Period 5", term: "Spring" },
];

/** Signs in through the local identity provider; the cookie lands in `context`. */
export async function signIn(
  context: BrowserContext,
  appUrl: string,
): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`${appUrl}/api/local-auth/session`);
    const status = await page.evaluate(async (user) => {
      const response = await fetch("/api/local-auth/sign-in", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(user),
      });
      return response.status;
    }, BENCH_USER);
    if (status !== 200) throw new Error(`sign-in answered ${status}`);
  } finally {
    await page.close();
  }
}

/** A Convex token for the signed-in user, fetched the way the browser does. */
export async function tokenFor(
  context: BrowserContext,
  appUrl: string,
): Promise<string> {
  const page = await context.newPage();
  try {
    await page.goto(`${appUrl}/api/local-auth/session`);
    return await page.evaluate(async () => {
      const response = await fetch("/api/local-auth/token", { method: "POST" });
      if (!response.ok) throw new Error(`token answered ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    });
  } finally {
    await page.close();
  }
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
