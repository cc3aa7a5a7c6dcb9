import { z } from "zod";

/**
 * Every environment variable the app reads, validated in one place.
 *
 * Mode: `clerk` when both Clerk keys are present, `local` when neither is.
 * One without the other is a mistake and stops start-up, naming the variable.
 */

export type AuthMode = "clerk" | "local";

/** Lifetimes at or under the Convex client's 10 s refresh leeway make it refetch in a hot loop. */
export const CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS = 10;
export const DEFAULT_LOCAL_TOKEN_TTL_SECONDS = 60;
export const DEFAULT_LOCAL_CONVEX_URL = "http://127.0.0.1:3210";

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = "ConfigError";
  }
}

const httpUrl = z
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

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

export const tokenTtlSchema = z.coerce
  .number()
  .int("must be a whole number of seconds")
  .gt(
    CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS,
    `must be more than ${CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS} s: the Convex client refreshes ${CONVEX_CLIENT_REFRESH_LEEWAY_SECONDS} s before expiry, so a shorter token would be refetched in a loop`,
  )
  .max(60 * 60 * 24, "must be at most one day (86400 s)");

const publicSchema = z.object({
  NEXT_PUBLIC_CONVEX_URL: httpUrl.optional(),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optionalText,
});

const serverSchema = z.object({
  CLERK_SECRET_KEY: optionalText,
  CLERK_JWT_KEY: optionalText,
  /** `native`: Clerk's Convex integration (`getToken()`); `template`: the `convex` JWT template. */
  CONVEX_TOKEN_SOURCE: z
    .enum(["native", "template"])
    .optional()
    .default("native"),
  LOCAL_AUTH_ISSUER: httpUrl.optional(),
  LOCAL_AUTH_TOKEN_TTL_SECONDS: tokenTtlSchema
    .optional()
    .default(DEFAULT_LOCAL_TOKEN_TTL_SECONDS),
  LOCAL_AUTH_ALLOW_IN_PRODUCTION: flag,
  LOCAL_AUTH_DIR: optionalText,
  AUTH_HARNESS_ENABLED: flag,
  LOCAL_BACKEND_ADMIN_KEY: optionalText,
  NODE_ENV: z
    .enum(["development", "production", "test"])
    .optional()
    .default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).optional().default(3000),
});

export type PublicConfig = {
  authMode: AuthMode;
  convexUrl: string;
  clerkPublishableKey?: string;
};

export type ServerConfig = PublicConfig & {
  clerkSecretKey?: string;
  clerkJwtKey?: string;
  convexTokenSource: "native" | "template";
  localAuth: {
    issuer: string;
    tokenTtlSeconds: number;
    allowInProduction: boolean;
    dir: string;
  };
  authHarnessEnabled: boolean;
  localBackendAdminKey?: string;
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
  const { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey } = result.data;
  const authMode: AuthMode = publishableKey ? "clerk" : "local";
  if (authMode === "clerk" && !result.data.NEXT_PUBLIC_CONVEX_URL) {
    throw new ConfigError(
      "NEXT_PUBLIC_CONVEX_URL",
      "is required in clerk mode (the URL `npx convex dev` prints for your deployment)",
    );
  }
  return {
    authMode,
    convexUrl: result.data.NEXT_PUBLIC_CONVEX_URL ?? DEFAULT_LOCAL_CONVEX_URL,
    ...(publishableKey ? { clerkPublishableKey: publishableKey } : {}),
  };
}

/** Server and build-time configuration. Throws a ConfigError naming the first bad variable. */
export function parseServerConfig(env: Env): ServerConfig {
  const publicConfig = parsePublic(env);
  const result = serverSchema.safeParse(env);
  if (!result.success) throw firstIssue(result.error);
  const data = result.data;

  if (publicConfig.authMode === "clerk" && !data.CLERK_SECRET_KEY) {
    throw new ConfigError(
      "CLERK_SECRET_KEY",
      "is missing: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY is set, and clerk mode needs both keys",
    );
  }
  if (publicConfig.authMode === "local" && data.CLERK_SECRET_KEY) {
    throw new ConfigError(
      "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
      "is missing: CLERK_SECRET_KEY is set, and clerk mode needs both keys (unset both for local mode)",
    );
  }
  if (
    publicConfig.authMode === "clerk" &&
    data.LOCAL_AUTH_ALLOW_IN_PRODUCTION
  ) {
    throw new ConfigError(
      "LOCAL_AUTH_ALLOW_IN_PRODUCTION",
      "only applies to local mode; unset it or remove the Clerk keys",
    );
  }

  return {
    ...publicConfig,
    ...(data.CLERK_SECRET_KEY ? { clerkSecretKey: data.CLERK_SECRET_KEY } : {}),
    ...(data.CLERK_JWT_KEY ? { clerkJwtKey: data.CLERK_JWT_KEY } : {}),
    convexTokenSource: data.CONVEX_TOKEN_SOURCE,
    localAuth: {
      issuer: (
        data.LOCAL_AUTH_ISSUER ?? `http://127.0.0.1:${data.PORT}/api/local-auth`
      ).replace(/\/+$/, ""),
      tokenTtlSeconds: data.LOCAL_AUTH_TOKEN_TTL_SECONDS,
      allowInProduction: data.LOCAL_AUTH_ALLOW_IN_PRODUCTION,
      dir: data.LOCAL_AUTH_DIR ?? ".local-auth",
    },
    authHarnessEnabled:
      data.NODE_ENV !== "production" || data.AUTH_HARNESS_ENABLED,
    ...(data.LOCAL_BACKEND_ADMIN_KEY
      ? { localBackendAdminKey: data.LOCAL_BACKEND_ADMIN_KEY }
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
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY:
    process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
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
