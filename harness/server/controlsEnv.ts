import { z } from "zod";
import { httpUrl, optionalText } from "@/lib/config";

/**
 * Where the harness's test controls point. Only `npm run dev` and the E2E stack set
 * these; against real Clerk they are absent and the page says lifetimes are set in
 * the Clerk dashboard. Read here rather than in the app's config because only the
 * harness's routes use them.
 */

const schema = z.object({
  LOCAL_CLERK_ADMIN_URL: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(httpUrl.optional())
    .optional(),
  LOCAL_CLERK_ADMIN_KEY: optionalText,
  NEXT_PUBLIC_CONVEX_URL: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(httpUrl.optional())
    .optional(),
  LOCAL_CONVEX_ADMIN_KEY: optionalText,
  /** Set by the E2E stack: lets requests that carry the backend's admin key pause it. */
  AUTH_HARNESS_TEST_CONTROLS: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((value) => value === "true" || value === "1"),
});

export type AdminTarget = { url: string; key: string };

export type HarnessControlsEnv = {
  /** The local Clerk stand-in's `/_admin/*`; null against real Clerk. */
  clerkAdmin: AdminTarget | null;
  /** The local Convex backend's `/_admin/*`; null against a real deployment. */
  backendAdmin: AdminTarget | null;
  /** Pause/resume/drop-all for requests that carry the backend's admin key. */
  testControls: boolean;
};

export type HarnessControlsEnvResult =
  { ok: true; env: HarnessControlsEnv } | { ok: false; problem: string };

type Env = Record<string, string | undefined>;

function pair(
  url: string | undefined,
  key: string | undefined,
  urlName: string,
  keyName: string,
): AdminTarget | string | null {
  if (url && key) return { url: url.replace(/\/+$/, ""), key };
  if (url && !key) return `${urlName} is set but ${keyName} is not.`;
  return null;
}

export function parseHarnessControlsEnv(env: Env): HarnessControlsEnvResult {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    return {
      ok: false,
      problem: `${String(issue?.path[0] ?? "A variable")} ${issue?.message ?? "is invalid"}.`,
    };
  }
  const data = result.data;
  const clerkAdmin = pair(
    data.LOCAL_CLERK_ADMIN_URL,
    data.LOCAL_CLERK_ADMIN_KEY,
    "LOCAL_CLERK_ADMIN_URL",
    "LOCAL_CLERK_ADMIN_KEY",
  );
  if (typeof clerkAdmin === "string") return { ok: false, problem: clerkAdmin };
  // The backend's admin key only means something with a local backend URL.
  const backendAdmin =
    data.LOCAL_CONVEX_ADMIN_KEY && data.NEXT_PUBLIC_CONVEX_URL
      ? {
          url: data.NEXT_PUBLIC_CONVEX_URL.replace(/\/+$/, ""),
          key: data.LOCAL_CONVEX_ADMIN_KEY,
        }
      : null;
  return {
    ok: true,
    env: {
      clerkAdmin,
      backendAdmin,
      testControls: data.AUTH_HARNESS_TEST_CONTROLS,
    },
  };
}

let cached: HarnessControlsEnvResult | undefined;

/** Server-only: parsed once per process. */
export function harnessControlsEnv(): HarnessControlsEnvResult {
  cached ??= parseHarnessControlsEnv({
    LOCAL_CLERK_ADMIN_URL: process.env.LOCAL_CLERK_ADMIN_URL,
    LOCAL_CLERK_ADMIN_KEY: process.env.LOCAL_CLERK_ADMIN_KEY,
    NEXT_PUBLIC_CONVEX_URL: process.env.NEXT_PUBLIC_CONVEX_URL,
    LOCAL_CONVEX_ADMIN_KEY: process.env.LOCAL_CONVEX_ADMIN_KEY,
    AUTH_HARNESS_TEST_CONTROLS: process.env.AUTH_HARNESS_TEST_CONTROLS,
  });
  return cached;
}
