import { z } from "zod";

/**
 * Every environment variable the app reads, validated in one place. The app always
 * talks to Clerk through its SDK; which Clerk (the real one, or the local stand-in
 * that `npm run dev` starts when no keys are set) is only a matter of these values.
 */

export const DEFAULT_CONVEX_URL = "http://127.0.0.1:3210";

/** The Convex client refreshes a token this long before it expires (its default leeway). */
export const CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS = 10;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = "ConfigError";
  }
}

/** An http(s) URL, trimmed. Shared with the harness's own settings. */
export const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

/** Text where empty means unset. */
export const optionalText = z
  .string()
  .trim()
  .max(8192, "is too long")
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const publicSchema = z.object({
  NEXT_PUBLIC_CONVEX_URL: httpUrl.optional(),
});

const missingKey =
  "is missing: `npm run dev` sets it to the local Clerk stand-in when neither Clerk key is set; for a real Clerk instance copy it from the Clerk dashboard";

const serverSchema = z.object({
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: z
    .string({ error: missingKey })
    .trim()
    .regex(
      /^pk_(test|live)_[A-Za-z0-9+/=_-]+$/,
      "must be a Clerk publishable key (pk_test_… or pk_live_…)",
    ),
  CLERK_SECRET_KEY: z.string({ error: missingKey }).trim().min(1, missingKey),
  CLERK_JWT_KEY: optionalText,
  /** `native`: Clerk's Convex integration (`getToken()`); `template`: the `convex` JWT template. */
  CONVEX_TOKEN_SOURCE: z
    .enum(["native", "template"])
    .optional()
    .default("native"),
  AUTH_HARNESS_ENABLED: flag,
  LOCAL_CONVEX_ADMIN_KEY: optionalText,
  NODE_ENV: z
    .enum(["development", "production", "test"])
    .optional()
    .default("development"),
});

export type PublicConfig = { convexUrl: string };

export type ServerConfig = PublicConfig & {
  clerkPublishableKey: string;
  clerkSecretKey: string;
  clerkJwtKey?: string;
  convexTokenSource: "native" | "template";
  authHarnessEnabled: boolean;
  localConvexAdminKey?: string;
  isProduction: boolean;
};

type Env = Record<string, string | undefined>;

function firstIssue(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  return new ConfigError(
    String(issue?.path[0] ?? "environment"),
    issue?.message ?? "is invalid",
  );
}

function parsePublic(env: Env): PublicConfig {
  const result = publicSchema.safeParse(env);
  if (!result.success) throw firstIssue(result.error);
  return {
    convexUrl: result.data.NEXT_PUBLIC_CONVEX_URL ?? DEFAULT_CONVEX_URL,
  };
}

/** Server and build-time configuration. Throws a ConfigError naming the first bad variable. */
export function parseServerConfig(env: Env): ServerConfig {
  const publicConfig = parsePublic(env);
  const result = serverSchema.safeParse(env);
  if (!result.success) throw firstIssue(result.error);
  const data = result.data;
  return {
    ...publicConfig,
    clerkPublishableKey: data.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
    clerkSecretKey: data.CLERK_SECRET_KEY,
    ...(data.CLERK_JWT_KEY ? { clerkJwtKey: data.CLERK_JWT_KEY } : {}),
    convexTokenSource: data.CONVEX_TOKEN_SOURCE,
    authHarnessEnabled:
      data.NODE_ENV !== "production" || data.AUTH_HARNESS_ENABLED,
    ...(data.LOCAL_CONVEX_ADMIN_KEY
      ? { localConvexAdminKey: data.LOCAL_CONVEX_ADMIN_KEY }
      : {}),
    isProduction: data.NODE_ENV === "production",
  };
}

/**
 * Client-safe configuration. `NEXT_PUBLIC_*` values must be read by their literal
 * names so Next.js can inline them into the browser bundle.
 */
export const publicConfig: PublicConfig = parsePublic({
  NEXT_PUBLIC_CONVEX_URL: process.env.NEXT_PUBLIC_CONVEX_URL,
});

let cachedServerConfig: ServerConfig | undefined;

/** Server-only: parsed once per process. */
export function serverConfig(): ServerConfig {
  cachedServerConfig ??= parseServerConfig(process.env);
  return cachedServerConfig;
}

/**
 * For start-up scripts: the parsed configuration, or one line naming the bad
 * variable and exit code 1 (no stack trace for a configuration mistake).
 */
export function serverConfigOrExit(env: Env = process.env): ServerConfig {
  try {
    return parseServerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
