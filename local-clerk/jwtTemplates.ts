/**
 * JWT templates as Clerk's Backend API manages them (`/bapi/v1/jwt_templates`),
 * and the claims they put in template tokens. Claims may use Clerk's
 * `{{user.…}}` / `{{org.…}}` shortcodes; see SHORTCODES for the ones known here.
 */
import { isSecretKey } from "./bapi";
import type { StandInCore } from "./core";
import {
  ClerkApiError,
  clerkError,
  json,
  methodNotAllowed,
  type Reply,
  parseJsonObject,
} from "./http";
import { fullName } from "./resources";
import {
  TEMPLATE_LIFETIME_DEFAULT_SECONDS,
  TEMPLATE_LIFETIME_MIN_SECONDS,
  templateLifetimeProblem,
} from "./settings";
import { newId, type Session, type StandInState } from "./state";

export type JwtTemplate = {
  id: string;
  name: string;
  claims: Record<string, unknown>;
  lifetime: number;
  allowedClockSkew: number;
  createdAt: number;
  updatedAt: number;
};

export const CONVEX_TEMPLATE_NAME = "convex";
/** The claims Clerk's Convex template suggests (Convex reads name and email). */
export const CONVEX_TEMPLATE_CLAIMS = {
  aud: "convex",
  name: "{{user.full_name}}",
  given_name: "{{user.first_name}}",
  family_name: "{{user.last_name}}",
  email: "{{user.primary_email_address}}",
  email_verified: "{{user.email_verified}}",
};

/** Clerk's default and bounds for `allowed_clock_skew` (how far `nbf` is back-dated). */
export const DEFAULT_CLOCK_SKEW_SECONDS = 5;
export const MAX_CLOCK_SKEW_SECONDS = 300;
/** Claims every template token carries; a template may not set them. */
export const RESERVED_CLAIMS = [
  "azp",
  "exp",
  "iat",
  "iss",
  "jti",
  "nbf",
  "sub",
];
/** Stand-in bounds (Clerk's own are not published). */
export const MAX_TEMPLATES = 100;
export const MAX_CLAIMS_JSON_CHARS = 8192;
const MAX_CLAIMS_DEPTH = 8;
/** Names travel in `/tokens/{name}` paths, so they use the path-safe id alphabet. */
const NAME = /^[A-Za-z0-9_-]{1,100}$/;
const ID = /^[A-Za-z0-9_-]{1,100}$/;

type ShortcodeContext = {
  state: StandInState;
  session: Session;
  /** The organization the token is for (the session's active one). */
  organizationId: string | null;
};

/** Shortcodes the stand-in resolves, each to the value Clerk would put there. */
const SHORTCODES: Record<string, (c: ShortcodeContext) => unknown> = {
  "user.id": (c) => c.session.userId,
  "user.first_name": (c) => user(c)?.firstName ?? null,
  "user.last_name": (c) => user(c)?.lastName ?? null,
  "user.full_name": (c) => {
    const u = user(c);
    return u ? fullName(u) : null;
  },
  "user.primary_email_address": (c) => user(c)?.email ?? null,
  // A primary email address is always a verified one.
  "user.email_verified": (c) => Boolean(user(c)),
  // Stand-in users have no username or metadata; templates leave images out.
  "user.username": () => null,
  "user.image_url": () => "",
  "user.has_image": () => false,
  "user.public_metadata": () => ({}),
  "user.unsafe_metadata": () => ({}),
  "org.id": (c) => organization(c)?.id ?? null,
  "org.slug": (c) => organization(c)?.slug ?? null,
  "org.name": (c) => organization(c)?.name ?? null,
  "org.role": (c) =>
    c.organizationId
      ? (c.state.membership(c.session.userId, c.organizationId)?.role ?? null)
      : null,
};

export const SUPPORTED_SHORTCODES = Object.keys(SHORTCODES);

function user(c: ShortcodeContext) {
  return c.state.users.get(c.session.userId);
}

function organization(c: ShortcodeContext) {
  if (!c.organizationId) return undefined;
  if (!c.state.membership(c.session.userId, c.organizationId)) return undefined;
  return c.state.organizations.get(c.organizationId);
}

const WHOLE_SHORTCODE = /^\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}$/;
const ANY_SHORTCODE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * A string that is exactly one shortcode becomes that value (any JSON type);
 * shortcodes inside a longer string are written into it, null as "".
 */
function resolveValue(value: unknown, c: ShortcodeContext): unknown {
  if (typeof value === "string") {
    const whole = WHOLE_SHORTCODE.exec(value);
    if (whole) return SHORTCODES[whole[1]]?.(c) ?? null;
    return value.replace(ANY_SHORTCODE, (_text, code: string) => {
      const resolved = SHORTCODES[code]?.(c) ?? null;
      if (resolved === null) return "";
      return typeof resolved === "object"
        ? JSON.stringify(resolved)
        : String(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, c));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveValue(item, c)]),
    );
  return value;
}

export function resolveClaims(
  template: JwtTemplate,
  context: ShortcodeContext,
): Record<string, unknown> {
  return resolveValue(template.claims, context) as Record<string, unknown>;
}

// ---- validation ------------------------------------------------------------

function invalid(param: string, sentence: string) {
  return new ClerkApiError(422, "form_param_value_invalid", sentence, {
    param_name: param,
  });
}

function unknownShortcodes(value: unknown, depth: number, found: Set<string>) {
  if (depth > MAX_CLAIMS_DEPTH)
    throw invalid(
      "claims",
      `claims may nest at most ${MAX_CLAIMS_DEPTH} levels deep.`,
    );
  if (typeof value === "string") {
    for (const match of value.matchAll(ANY_SHORTCODE))
      if (!Object.hasOwn(SHORTCODES, match[1])) found.add(match[1]);
  } else if (Array.isArray(value)) {
    for (const item of value) unknownShortcodes(item, depth + 1, found);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value))
      unknownShortcodes(item, depth + 1, found);
  }
}

/** Checks `claims`: a JSON object, bounded, no reserved claim, only known shortcodes. */
export function checkClaims(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw invalid("claims", "claims must be a JSON object.");
  if (JSON.stringify(value).length > MAX_CLAIMS_JSON_CHARS)
    throw invalid(
      "claims",
      `claims must be at most ${MAX_CLAIMS_JSON_CHARS} characters of JSON.`,
    );
  const reserved = Object.keys(value).filter((key) =>
    RESERVED_CLAIMS.includes(key),
  );
  if (reserved.length > 0)
    throw new ClerkApiError(
      422,
      "form_param_value_invalid",
      `claims cannot set ${reserved.join(", ")}: Clerk sets ${RESERVED_CLAIMS.join(", ")} itself.`,
      { param_name: "claims" },
    );
  const unknown = new Set<string>();
  unknownShortcodes(value, 0, unknown);
  if (unknown.size > 0)
    throw invalid(
      "claims",
      `The local Clerk stand-in does not know the shortcode(s) ${[...unknown]
        .slice(0, 5)
        .map((code) => `{{${code.slice(0, 60)}}}`)
        .join(
          ", ",
        )}; it knows ${SUPPORTED_SHORTCODES.map((code) => `{{${code}}}`).join(", ")}.`,
    );
  return value as Record<string, unknown>;
}

function checkName(value: unknown) {
  if (typeof value !== "string" || !NAME.test(value))
    throw invalid(
      "name",
      "name must be 1 to 100 letters, digits, '_' or '-' (the stand-in uses it in token URLs).",
    );
  return value;
}

function checkLifetime(value: unknown, stress: boolean) {
  const problem = templateLifetimeProblem(value, stress);
  if (problem) throw invalid("lifetime", problem);
  return value as number;
}

function checkClockSkew(value: unknown) {
  if (
    !Number.isInteger(value) ||
    (value as number) < 0 ||
    (value as number) > MAX_CLOCK_SKEW_SECONDS
  )
    throw invalid(
      "allowed_clock_skew",
      `allowed_clock_skew must be a whole number of seconds from 0 to ${MAX_CLOCK_SKEW_SECONDS}.`,
    );
  return value as number;
}

function checkSigning(body: Record<string, unknown>) {
  const custom = body.custom_signing_key;
  if (custom !== undefined && custom !== null && typeof custom !== "boolean")
    throw invalid(
      "custom_signing_key",
      "custom_signing_key must be true or false.",
    );
  if (custom === true)
    throw new ClerkApiError(
      422,
      "form_param_value_invalid",
      "The local Clerk stand-in signs every template with its own RS256 key; custom signing keys are not supported.",
      { param_name: "custom_signing_key" },
    );
}

// ---- JSON and state helpers --------------------------------------------------

export function jwtTemplateJSON(template: JwtTemplate) {
  return {
    object: "jwt_template",
    id: template.id,
    name: template.name,
    claims: template.claims,
    lifetime: template.lifetime,
    allowed_clock_skew: template.allowedClockSkew,
    custom_signing_key: false,
    signing_algorithm: "RS256",
    created_at: template.createdAt,
    updated_at: template.updatedAt,
  };
}

export function newTemplate(
  input: Pick<JwtTemplate, "name" | "claims"> &
    Partial<Pick<JwtTemplate, "lifetime" | "allowedClockSkew">>,
  now: number,
): JwtTemplate {
  return {
    id: newId("jtmp"),
    name: input.name,
    claims: input.claims,
    lifetime: input.lifetime ?? TEMPLATE_LIFETIME_DEFAULT_SECONDS,
    allowedClockSkew: input.allowedClockSkew ?? DEFAULT_CLOCK_SKEW_SECONDS,
    createdAt: now,
    updatedAt: now,
  };
}

export function convexTemplate(now: number, lifetime?: number) {
  return newTemplate(
    {
      name: CONVEX_TEMPLATE_NAME,
      claims: { ...CONVEX_TEMPLATE_CLAIMS },
      lifetime,
    },
    now,
  );
}

/**
 * Sets the `convex` template's lifetime (the `templateTtlSeconds` setting),
 * creating the template with its usual claims if it was deleted.
 */
export function setConvexLifetime(
  state: StandInState,
  lifetime: number,
  now: number,
) {
  const existing = state.templateByName(CONVEX_TEMPLATE_NAME);
  if (existing) {
    existing.lifetime = lifetime;
    existing.updatedAt = now;
  } else {
    state.addTemplate(convexTemplate(now, lifetime));
  }
  state.changed();
}

/** Templates real Clerk would refuse (under 30 s). */
export function stressOnlyTemplates(state: StandInState) {
  return [...state.jwtTemplates.values()].filter(
    (t) => t.lifetime < TEMPLATE_LIFETIME_MIN_SECONDS,
  );
}

// ---- Backend API routes -----------------------------------------------------

export type JwtTemplatesRequest = {
  method: string;
  /** Path after `/v1`, starting with `/jwt_templates`. */
  path: string;
  query: URLSearchParams;
  body: Buffer;
  authorization: string | undefined;
};

export function isJwtTemplatesPath(path: string) {
  return path === "/jwt_templates" || path.startsWith("/jwt_templates/");
}

function notFound(id: string) {
  return new ClerkApiError(
    404,
    "resource_not_found",
    `No JWT template ${id.slice(0, 100)} exists.`,
    {},
    "not found",
  );
}

function nameTaken(core: StandInCore, name: string, exceptId?: string) {
  const other = core.state.templateByName(name);
  if (other && other.id !== exceptId)
    throw new ClerkApiError(
      422,
      "form_identifier_exists",
      `A JWT template named ${name} already exists.`,
      { param_name: "name" },
    );
}

function pageNumber(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
) {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ClerkApiError(
      422,
      "form_param_value_invalid",
      `The query parameter ${name} must be a whole number from ${min} to ${max}.`,
      { param_name: name },
    );
  return value;
}

function list(core: StandInCore, req: JwtTemplatesRequest): Reply {
  const limit = pageNumber(req.query, "limit", 1, 500, 10);
  const offset = pageNumber(req.query, "offset", 0, 1_000_000, 0);
  const all = [...core.state.jwtTemplates.values()].sort(
    (a, b) => a.createdAt - b.createdAt,
  );
  const data = all.slice(offset, offset + limit).map(jwtTemplateJSON);
  // @clerk/backend asks with paginated=true and reads { data, total_count }.
  return req.query.get("paginated") === "true"
    ? json({ data, total_count: all.length })
    : json(data);
}

function create(core: StandInCore, req: JwtTemplatesRequest): Reply {
  const body = parseJsonObject(req.body);
  const name = checkName(body.name);
  const claims = checkClaims(body.claims);
  checkSigning(body);
  const stress = core.settings.stressLifetimes;
  const lifetime =
    body.lifetime === undefined || body.lifetime === null
      ? TEMPLATE_LIFETIME_DEFAULT_SECONDS
      : checkLifetime(body.lifetime, stress);
  const skew =
    body.allowed_clock_skew === undefined || body.allowed_clock_skew === null
      ? DEFAULT_CLOCK_SKEW_SECONDS
      : checkClockSkew(body.allowed_clock_skew);
  nameTaken(core, name);
  if (core.state.jwtTemplates.size >= MAX_TEMPLATES)
    throw new ClerkApiError(
      422,
      "quota_exceeded",
      `The local Clerk stand-in holds at most ${MAX_TEMPLATES} JWT templates.`,
    );
  const template = newTemplate(
    { name, claims, lifetime, allowedClockSkew: skew },
    core.now(),
  );
  core.state.addTemplate(template);
  return json(jwtTemplateJSON(template));
}

function update(
  core: StandInCore,
  req: JwtTemplatesRequest,
  id: string,
): Reply {
  const template = core.state.jwtTemplates.get(id);
  if (!template) throw notFound(id);
  const body = parseJsonObject(req.body);
  // @clerk/backend's update() sends name and claims every time; Clerk requires them.
  const name = checkName(body.name);
  const claims = checkClaims(body.claims);
  checkSigning(body);
  const stress = core.settings.stressLifetimes;
  const lifetime =
    body.lifetime === undefined || body.lifetime === null
      ? template.lifetime
      : checkLifetime(body.lifetime, stress);
  const skew =
    body.allowed_clock_skew === undefined || body.allowed_clock_skew === null
      ? template.allowedClockSkew
      : checkClockSkew(body.allowed_clock_skew);
  nameTaken(core, name, template.id);
  Object.assign(template, {
    name,
    claims,
    lifetime,
    allowedClockSkew: skew,
    updatedAt: core.now(),
  });
  core.state.changed();
  return json(jwtTemplateJSON(template));
}

function remove(core: StandInCore, id: string): Reply {
  if (!core.state.jwtTemplates.delete(id)) throw notFound(id);
  core.state.changed();
  return json({ object: "jwt_template", id, deleted: true });
}

export function routeJwtTemplates(
  core: StandInCore,
  req: JwtTemplatesRequest,
): Reply {
  if (!isSecretKey(core, req.authorization))
    return clerkError(
      401,
      "authentication_invalid",
      "The Authorization header must be 'Bearer <the stand-in's secret key>'.",
      {},
      "Unauthorized request",
    );
  if (req.path === "/jwt_templates") {
    if (req.method === "GET") return list(core, req);
    if (req.method === "POST") return create(core, req);
    return methodNotAllowed(req.method, `/v1${req.path}`);
  }
  const id = req.path.slice("/jwt_templates/".length);
  if (!ID.test(id)) throw notFound(id);
  if (req.method === "GET") {
    const template = core.state.jwtTemplates.get(id);
    if (!template) throw notFound(id);
    return json(jwtTemplateJSON(template));
  }
  if (req.method === "PATCH") return update(core, req, id);
  if (req.method === "DELETE") return remove(core, id);
  return methodNotAllowed(req.method, `/v1${req.path.slice(0, 120)}`);
}
