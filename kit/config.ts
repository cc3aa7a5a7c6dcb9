/**
 * `kit.config.json` in the app folder: the command line's settings plus what
 * only a file can hold comfortably (token lifetimes, users, Convex env vars).
 * Every mistake is one sentence naming the file, the field and the rule.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  sessionLifetimeProblem,
  templateLifetimeProblem,
} from "../local-clerk/settings";
import { CONVEX_ENV_NAME, CONVEX_ENV_VALUE_MAX_BYTES } from "./args";
import { KitError } from "./errors";

export const CONFIG_FILE = "kit.config.json";

const port = z
  .int({
    error: "must be a whole number from 0 to 65535 (0 picks a free port)",
  })
  .min(0, {
    error: "must be a whole number from 0 to 65535 (0 picks a free port)",
  })
  .max(65535, {
    error: "must be a whole number from 0 to 65535 (0 picks a free port)",
  });

const path_ = z
  .string({ error: "must be a path (a string)" })
  .min(1, { error: "must not be empty" });

const seconds = z.int({ error: "must be a whole number of seconds" });

const user = z.strictObject(
  {
    email: z
      .string({ error: "must be an email address" })
      .max(320, { error: "must be at most 320 characters" })
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, {
        error: "must be an email address",
      }),
    name: z
      .string({ error: "must be a string" })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(200, { error: "must be at most 200 characters" })
      .optional(),
    password: z
      .string({ error: "must be a string of 8 to 1024 characters" })
      .min(8, { error: "must be 8 to 1024 characters" })
      .max(1024, { error: "must be 8 to 1024 characters" })
      .optional(),
    phone: z
      .string({ error: "must be a phone number such as +15555550100" })
      .regex(/^\+[0-9 ().-]{7,39}$/, {
        error:
          "must be a phone number in international format, such as +15555550100",
      })
      .optional(),
  },
  {
    error:
      "must be an object with email (and optionally name, password, phone)",
  },
);

const convexEnv = z.record(
  z.string().regex(CONVEX_ENV_NAME, {
    error:
      "must be a Convex environment variable name (a letter, then up to 39 letters, digits or underscores)",
  }),
  z
    .string({ error: "must be a string" })
    .refine((value) => Buffer.byteLength(value) <= CONVEX_ENV_VALUE_MAX_BYTES, {
      error: `must be at most ${CONVEX_ENV_VALUE_MAX_BYTES} bytes, as on Convex`,
    }),
  { error: "must be an object of NAME: value strings" },
);

const schema = z
  .strictObject(
    {
      envFile: path_.optional(),
      data: path_.optional(),
      clerkPort: port.optional(),
      convexPort: port.optional(),
      controlPort: port.optional(),
      convexIntegration: z
        .enum(["native", "template"], {
          error: 'must be "native" or "template"',
        })
        .optional(),
      sessionTokenTtlSeconds: seconds.optional(),
      templateTtlSeconds: seconds.optional(),
      stressLifetimes: z.boolean({ error: "must be true or false" }).optional(),
      multiSession: z.boolean({ error: "must be true or false" }).optional(),
      users: z
        .array(user, { error: "must be a list of users" })
        .max(100, { error: "may list at most 100 users" })
        .optional(),
      convexEnv: convexEnv.optional(),
    },
    { error: "must hold one JSON object" },
  )
  .superRefine((config, ctx) => {
    // The Clerk stand-in's own rules: real Clerk's lifetimes unless stressLifetimes.
    const stress = config.stressLifetimes ?? false;
    if (config.sessionTokenTtlSeconds !== undefined) {
      const problem = sessionLifetimeProblem(
        config.sessionTokenTtlSeconds,
        stress,
      );
      if (problem)
        ctx.addIssue({
          code: "custom",
          path: ["sessionTokenTtlSeconds"],
          message: problem,
        });
    }
    if (config.templateTtlSeconds !== undefined) {
      const problem = templateLifetimeProblem(
        config.templateTtlSeconds,
        stress,
        "templateTtlSeconds",
      );
      if (problem)
        ctx.addIssue({
          code: "custom",
          path: ["templateTtlSeconds"],
          message: problem,
        });
    }
  });

export type KitConfig = z.infer<typeof schema>;
export type KitUser = NonNullable<KitConfig["users"]>[number];

export const CONFIG_FIELDS = Object.keys(schema.shape).join(", ");

function fieldName(pathParts: readonly PropertyKey[]): string {
  return pathParts
    .map((part, index) =>
      typeof part === "number"
        ? `[${part}]`
        : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

function issueSentence(file: string, issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.length ? ` in ${fieldName(issue.path)}` : "";
    const known =
      issue.path.length === 0
        ? `; the fields are ${CONFIG_FIELDS}`
        : issue.path[0] === "users"
          ? "; a user has email, name, password and phone"
          : "";
    return `In ${file}, the field ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}${where} is not known${known}.`;
  }
  const field = fieldName(issue.path);
  // The Clerk stand-in's sentences start with the field's name already.
  // A bad record key carries the key's own issue inside.
  const message =
    issue.code === "invalid_key"
      ? (issue.issues[0]?.message ?? issue.message)
      : issue.message;
  const rule = message.startsWith(`${field} `)
    ? message.slice(field.length + 1)
    : message;
  const subject =
    issue.code === "invalid_key"
      ? `the name ${JSON.stringify(issue.path.at(-1))} in ${fieldName(issue.path.slice(0, -1))}`
      : field || "the file";
  return `In ${file}, ${subject} ${rule.replace(/\.$/, "")}.`;
}

/** Checks a parsed JSON value; `file` is named in the sentence. */
export function checkConfig(value: unknown, file: string): KitConfig {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new KitError(issueSentence(file, result.error.issues[0]), 2);
}

/** Reads `kit.config.json` from the app folder; absent is an empty config. */
export function loadConfig(appDir: string): {
  file: string | null;
  config: KitConfig;
} {
  const file = path.join(appDir, CONFIG_FILE);
  if (!existsSync(file)) return { file: null, config: {} };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new KitError(`Cannot read ${file}: ${(error as Error).message}.`, 2);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new KitError(
      `${file} is not valid JSON (${(error as Error).message.replace(/\.$/, "")}).`,
      2,
    );
  }
  return { file, config: checkConfig(value, file) };
}
