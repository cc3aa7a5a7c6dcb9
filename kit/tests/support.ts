/**
 * A throwaway app for the kit's tests: a copy of this repo's `convex/` folder
 * (plus one probe module that reads its environment), with `node_modules`
 * linked so its imports of `convex/server` resolve.
 */
import {
  cpSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

export const REPO = path.resolve(__dirname, "..", "..");

const PROBE = `import { query } from "./_generated/server";

/** What a function sees in process.env on the Convex stand-in. */
export const env = query({
  args: {},
  handler: async () => ({
    probe: process.env.KIT_PROBE ?? null,
    issuer: process.env.CLERK_JWT_ISSUER_DOMAIN ?? null,
    parentOnly: process.env.KIT_TEST_PARENT_ONLY ?? null,
  }),
});
`;

export type TestApp = { dir: string; remove(): void };

export function makeTestApp(): TestApp {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), "kit-app-")));
  cpSync(path.join(REPO, "convex"), path.join(dir, "convex"), {
    recursive: true,
  });
  writeFileSync(path.join(dir, "convex", "kitProbe.ts"), PROBE);
  symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Signs in through the Frontend API as clerk-js would (password first factor)
 * and returns the session id.
 */
export async function signIn(
  clerkUrl: string,
  email: string,
  password: string,
): Promise<string> {
  const origin = { origin: "http://localhost:4799" };
  const browser = (await (
    await fetch(`${clerkUrl}/__clerk/v1/dev_browser`, {
      method: "POST",
      headers: origin,
    })
  ).json()) as { id: string };
  const response = await fetch(
    `${clerkUrl}/__clerk/v1/client/sign_ins?__clerk_db_jwt=${browser.id}`,
    {
      method: "POST",
      headers: {
        ...origin,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ identifier: email, password }).toString(),
    },
  );
  const body = (await response.json()) as {
    response?: { created_session_id?: string };
  };
  const session = body.response?.created_session_id;
  if (!session)
    throw new Error(
      `sign-in failed (${response.status}): ${JSON.stringify(body)}`,
    );
  return session;
}

/** A session token from the Backend API, as the Next server would ask for one. */
export async function sessionToken(
  apiUrl: string,
  secretKey: string,
  sessionId: string,
): Promise<string> {
  const response = await fetch(`${apiUrl}/v1/sessions/${sessionId}/tokens`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${secretKey}`,
      "content-type": "application/json",
    },
    body: "{}",
  });
  const body = (await response.json()) as { jwt?: string };
  if (!body.jwt)
    throw new Error(`no token (${response.status}): ${JSON.stringify(body)}`);
  return body.jwt;
}

/** Whether anything accepts connections on the URL's port. */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}
