/**
 * Which environment variables of an app's `convex/auth.config` should hold the
 * Clerk stand-in's issuer. Apps name it differently (`CLERK_JWT_ISSUER_DOMAIN`
 * in Clerk's guide, `CLERK_FRONTEND_API_URL` or `CLERK_ISSUER_URL` elsewhere),
 * and the kit must set whichever the file reads, on Convex and in the app's env.
 */

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const ENV_READ = `process\\.env(?:\\.(${NAME})|\\[\\s*["'\`](${NAME})["'\`]\\s*\\])`;
/** `domain: process.env.X` or `issuer: process.env["X"]`, the provider fields that name an issuer. */
const ISSUER_FIELD = new RegExp(
  `\\b(?:domain|issuer)\\s*:\\s*${ENV_READ}`,
  "g",
);
const ANY_READ = new RegExp(ENV_READ, "g");

/** Clerk's Convex guide names this one; used when the file names none. */
export const DEFAULT_ISSUER_VAR = "CLERK_JWT_ISSUER_DOMAIN";

export type IssuerVars = {
  /** Variables to set to the issuer. */
  names: string[];
  /** A sentence when the file reads no variable the kit could set, else null. */
  warning: string | null;
};

const names = (source: string, pattern: RegExp) =>
  [...source.matchAll(pattern)].map((match) => match[1] ?? match[2]);

/**
 * The variables `domain:`/`issuer:` read; failing that, every variable the file
 * reads (an issuer kept in a constant first). Names the caller already sets
 * (`given`, from `--convex-env`) are left to the caller.
 */
export function issuerVars(
  source: string,
  given: Readonly<Record<string, string>>,
): IssuerVars {
  const direct = names(source, ISSUER_FIELD);
  const found = [...new Set(direct.length ? direct : names(source, ANY_READ))];
  if (found.length === 0)
    return {
      names: [DEFAULT_ISSUER_VAR],
      warning: `auth.config reads no environment variable, so Convex will accept the Clerk stand-in's tokens only if its domain is the stand-in's issuer; the kit still sets ${DEFAULT_ISSUER_VAR} in the app's env.`,
    };
  return {
    names: found.filter((name) => !(name in given)),
    warning: null,
  };
}
