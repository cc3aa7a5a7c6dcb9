/**
 * Test controls under `/_admin`: loopback callers only, with the admin key in
 * `x-admin-key`. Errors are `{ error: "<sentence>" }`.
 */
import { timingSafeEqual } from "node:crypto";
import { revoke, validEmail } from "./bapi";
import { routeClock } from "./clock";
import type { StandInCore } from "./core";
import { normalizePhone } from "./codes";
import { expireSession, routeFaults } from "./faults";
import { isLoopbackAddress, type Reply } from "./http";
import {
  CONVEX_TEMPLATE_NAME,
  setConvexLifetime,
  stressOnlyTemplates,
} from "./jwtTemplates";
import { PRESET_ORGANIZATIONS, PRESET_PASSWORD } from "./presets";
import { mergeSettings } from "./settings";

export type AdminRequest = {
  method: string;
  path: string;
  remoteAddress: string | undefined;
  adminKey: string | string[] | undefined;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  bodyError: string | null;
};

function problem(status: number, error: string): Reply {
  return { status, body: { error } };
}

function keyMatches(given: string | string[] | undefined, expected: string) {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function routeAdmin(core: StandInCore, req: AdminRequest): Reply {
  if (!isLoopbackAddress(req.remoteAddress))
    return problem(403, "Test controls only answer callers on this machine.");
  if (!keyMatches(req.adminKey, core.adminKey))
    return problem(401, "The x-admin-key header is missing or wrong.");
  if (req.bodyError) return problem(400, req.bodyError);

  const sessionMatch =
    /^\/sessions\/([A-Za-z0-9_-]{1,100})\/(revoke|expire)$/.exec(req.path);
  if (req.path === "/settings") {
    if (req.method === "GET") return { status: 200, body: settingsView(core) };
    if (req.method !== "POST") return notAllowed(req);
    return changeSettings(core, req.body ?? {});
  }
  if (req.path === "/faults") return routeFaults(core, req);
  if (req.path === "/clock") return routeClock(core, req);
  if (sessionMatch?.[2] === "expire")
    return expireSession(core, req, sessionMatch[1]);
  const revokeMatch = sessionMatch?.[2] === "revoke" ? sessionMatch : null;
  if (revokeMatch) {
    if (req.method !== "POST") return notAllowed(req);
    const session = core.state.sessions.get(revokeMatch[1]);
    if (!session) return problem(404, `No session ${revokeMatch[1]} exists.`);
    revoke(core, session);
    return { status: 200, body: { revoked: true } };
  }
  if (req.path === "/requests") {
    if (req.method !== "GET") return notAllowed(req);
    return {
      status: 200,
      body: {
        unhandled: core.unhandled,
        count: core.unhandledCount,
        testingTokens: core.testingTokens.use,
      },
    };
  }
  if (req.path === "/users") {
    if (req.method !== "POST") return notAllowed(req);
    return createUser(core, req.body);
  }
  return problem(
    404,
    `There is no test control at /_admin${req.path.slice(0, 200)}.`,
  );
}

/** The settings plus the `convex` template's lifetime (null once that template is deleted). */
function settingsView(core: StandInCore) {
  return {
    ...core.settings,
    templateTtlSeconds:
      core.state.templateByName(CONVEX_TEMPLATE_NAME)?.lifetime ?? null,
  };
}

function changeSettings(core: StandInCore, body: unknown): Reply {
  const merged = mergeSettings(core.settings, body);
  if ("error" in merged) return problem(400, merged.error);
  if (!merged.settings.stressLifetimes) {
    // Templates shortened under stress must not outlive it: real Clerk refuses them.
    const short = stressOnlyTemplates(core.state).filter(
      (t) =>
        !(
          t.name === CONVEX_TEMPLATE_NAME &&
          merged.templateTtlSeconds !== undefined
        ),
    );
    if (short.length > 0)
      return problem(
        400,
        `stressLifetimes cannot be off while JWT template(s) ${short
          .slice(0, 5)
          .map((t) => `${t.name} (${t.lifetime} s)`)
          .join(", ")} live under 30 s; give them 30 s or more first.`,
      );
  }
  if (merged.templateTtlSeconds !== undefined)
    setConvexLifetime(core.state, merged.templateTtlSeconds, core.now());
  core.updateSettings(merged.settings);
  return { status: 200, body: settingsView(core) };
}

function notAllowed(req: AdminRequest) {
  return problem(405, `${req.method} is not allowed on /_admin${req.path}.`);
}

function createUser(core: StandInCore, body: unknown): Reply {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return problem(400, "The body must be a JSON object with email and name.");
  const { email, name, password, phone } = body as Record<string, unknown>;
  if (
    typeof email !== "string" ||
    email.length > 320 ||
    !validEmail(email.trim())
  )
    return problem(
      400,
      "email must be one email address of at most 320 characters.",
    );
  if (typeof name !== "string" || name.trim() === "" || name.length > 200)
    return problem(
      400,
      "name must be a non-empty string of at most 200 characters.",
    );
  if (
    password !== undefined &&
    (typeof password !== "string" ||
      password.length < 8 ||
      password.length > 1024)
  )
    return problem(400, "password, when given, must be 8 to 1024 characters.");
  const e164 =
    typeof phone === "string" && phone.length <= 40
      ? normalizePhone(phone)
      : null;
  if (phone !== undefined && !e164)
    return problem(
      400,
      "phone, when given, must be one phone number in international format, such as +15555550100.",
    );
  const known = core.state.userByEmail(email.trim());
  const phoneOwner = e164 ? core.state.userByPhone(e164) : undefined;
  if (phoneOwner && phoneOwner !== known)
    return problem(
      409,
      `The phone number ${e164} belongs to another user (${phoneOwner.id}).`,
    );
  const [first, ...rest] = name.trim().split(/\s+/);
  const { user, created } = core.state.ensureUser({
    email: email.trim(),
    phone: e164,
    firstName: first,
    lastName: rest.join(" ") || null,
    // Without a password the account gets the shared dev password, so it can
    // use the <SignIn/> form like the preset accounts.
    password: (password as string | undefined) ?? PRESET_PASSWORD,
  });
  // New test users join the preset organizations as members, so any of them can
  // switch the active organization (what the org-switch scenarios exercise).
  if (created) {
    for (const org of PRESET_ORGANIZATIONS) {
      core.state.joinOrganization(user.id, org.id, "org:member");
    }
  }
  return { status: 200, body: { id: user.id } };
}
