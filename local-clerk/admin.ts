/**
 * Test controls under `/_admin`: loopback callers only, with the admin key in
 * `x-admin-key`. Errors are `{ error: "<sentence>" }`.
 */
import { timingSafeEqual } from "node:crypto";
import { revoke, validEmail } from "./bapi";
import type { StandInCore } from "./core";
import { isLoopbackAddress, type Reply } from "./http";
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

  const revokeMatch = /^\/sessions\/([A-Za-z0-9_-]{1,100})\/revoke$/.exec(
    req.path,
  );
  if (req.path === "/settings") {
    if (req.method === "GET") return { status: 200, body: core.settings };
    if (req.method !== "POST") return notAllowed(req);
    const merged = mergeSettings(core.settings, req.body ?? {});
    if ("error" in merged) return problem(400, merged.error);
    core.updateSettings(merged.settings);
    return { status: 200, body: core.settings };
  }
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
      body: { unhandled: core.unhandled, count: core.unhandledCount },
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

function notAllowed(req: AdminRequest) {
  return problem(405, `${req.method} is not allowed on /_admin${req.path}.`);
}

function createUser(core: StandInCore, body: unknown): Reply {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return problem(400, "The body must be a JSON object with email and name.");
  const { email, name, password } = body as Record<string, unknown>;
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
  const [first, ...rest] = name.trim().split(/\s+/);
  const { user, created } = core.state.ensureUser({
    email: email.trim(),
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
