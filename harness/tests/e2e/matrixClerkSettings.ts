import { expect } from "@playwright/test";
import { e2eEnv } from "../../../scripts/e2eEnv";

/** The local Clerk stand-in's token settings (its `/_admin/settings`). */
export type ClerkTokenSettings = {
  sessionTokenTtlSeconds: number;
  templateTtlSeconds: number;
  convexIntegration: "native" | "template";
  /** Lifetimes real Clerk cannot have (the E2E stack starts with it on). */
  stressLifetimes?: boolean;
  /** Clerk's multi-session mode (off, Clerk's default, unless a scenario needs it). */
  multiSession?: boolean;
};

async function settingsRequest(
  method: "GET" | "POST",
  body?: Partial<ClerkTokenSettings>,
): Promise<ClerkTokenSettings> {
  const response = await fetch(`${e2eEnv.clerkUrl}/_admin/settings`, {
    method,
    headers: {
      "x-admin-key": e2eEnv.adminKey,
      "content-type": "application/json",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.ok, `Clerk stand-in settings: ${text}`).toBe(true);
  return JSON.parse(text) as ClerkTokenSettings;
}

export const readClerkSettings = () => settingsRequest("GET");

export const changeClerkSettings = (update: Partial<ClerkTokenSettings>) =>
  settingsRequest("POST", update);
