import { z } from "zod";

/**
 * The local Clerk stand-in's token settings (`/_admin/settings`), as the harness
 * reads and changes them through `/api/dev/token-settings`.
 */

export const TOKEN_SETTINGS_ROUTE = "/api/dev/token-settings";

/**
 * The harness's own bounds: above the Convex client's 10 s leeway, at most a day.
 * Real Clerk has 60 s session tokens and 30 s or longer templates; anything
 * else needs the stand-in's `stressLifetimes`, which the harness switches on.
 */
export const MIN_TOKEN_SECONDS = 11;
export const MAX_TOKEN_SECONDS = 86_400;
/** Largest request body the route reads. */
export const MAX_SETTINGS_BODY_BYTES = 1024;
/** Real Clerk's only session token lifetime and shortest template lifetime. */
export const CLERK_SESSION_TOKEN_SECONDS = 60;
export const CLERK_MIN_TEMPLATE_SECONDS = 30;

const lifetime = z
  .number({ error: "must be a number of seconds" })
  .int("must be a whole number of seconds")
  .min(
    MIN_TOKEN_SECONDS,
    `must be at least ${MIN_TOKEN_SECONDS} s: the Convex client refreshes 10 s before expiry, so a shorter token is refetched in a loop`,
  )
  .max(MAX_TOKEN_SECONDS, "must be at most one day (86400 s)");

export const tokenSettingsUpdateSchema = z
  .object({
    sessionTokenTtlSeconds: lifetime.optional(),
    templateTtlSeconds: lifetime.optional(),
    convexIntegration: z
      .enum(["native", "template"], {
        error: 'must be "native" or "template"',
      })
      .optional(),
    stressLifetimes: z.boolean({ error: "must be true or false" }).optional(),
  })
  .strict()
  .refine(
    (value) => Object.keys(value).length > 0,
    "Send at least one of sessionTokenTtlSeconds, templateTtlSeconds, convexIntegration, stressLifetimes.",
  );

export type TokenSettingsUpdate = z.infer<typeof tokenSettingsUpdateSchema>;

export const tokenSettingsSchema = z.object({
  sessionTokenTtlSeconds: z.number(),
  /** Null once the convex template has been deleted through the Backend API. */
  templateTtlSeconds: z.number().nullable(),
  convexIntegration: z.enum(["native", "template"]),
  clockOffsetSeconds: z.number().optional(),
  stressLifetimes: z.boolean().optional(),
});

export type TokenSettings = z.infer<typeof tokenSettingsSchema>;

/** Presets behind the page's one-click buttons. */
export const LIFETIME_PRESETS = {
  short: {
    sessionTokenTtlSeconds: 15,
    templateTtlSeconds: 15,
    stressLifetimes: true,
  },
  clerkDefault: {
    sessionTokenTtlSeconds: 60,
    templateTtlSeconds: 60,
    stressLifetimes: false,
  },
} as const satisfies Record<string, TokenSettingsUpdate>;

/** True when the update asks for lifetimes real Clerk cannot have. */
export function needsStressLifetimes(update: TokenSettingsUpdate): boolean {
  return (
    (update.sessionTokenTtlSeconds !== undefined &&
      update.sessionTokenTtlSeconds !== CLERK_SESSION_TOKEN_SECONDS) ||
    (update.templateTtlSeconds !== undefined &&
      update.templateTtlSeconds < CLERK_MIN_TEMPLATE_SECONDS)
  );
}

/** A validation problem as one sentence naming the field. */
export function settingsProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The settings are not valid.";
  if (issue.code === "unrecognized_keys") {
    return `Unknown setting: ${issue.keys.join(", ").slice(0, 80)}. Use sessionTokenTtlSeconds, templateTtlSeconds, convexIntegration or stressLifetimes.`;
  }
  const field = issue.path.length > 0 ? `${issue.path.join(".")} ` : "";
  const message = issue.message.replace(/\.$/, "");
  return field === "" && /^[A-Z]/.test(message)
    ? `${message}.`
    : `${field}${message}.`.replace(/^./, (c) => c.toUpperCase());
}

/** "Session tokens live 15 s, convex template tokens 15 s; Convex reads session tokens (native)." */
export function describeTokenSettings(settings: TokenSettings): string {
  const flavour =
    settings.convexIntegration === "native"
      ? 'session tokens carry aud "convex", so the official lane uses them directly'
      : "the official lane asks for the convex template";
  const template =
    settings.templateTtlSeconds === null
      ? "there is no convex template"
      : `convex template tokens ${settings.templateTtlSeconds} s`;
  const stress = settings.stressLifetimes
    ? " Stress lifetimes are on: real Clerk cannot be configured so."
    : "";
  return `Session tokens live ${settings.sessionTokenTtlSeconds} s and ${template}; ${flavour}.${stress}`;
}
