/**
 * The slice of Clerk's Backend API that @clerk/backend and the tests use,
 * served under `/bapi/v1`. Every call needs `Authorization: Bearer <secret key>`.
 */
import { timingSafeEqual } from "node:crypto";
import type { StandInCore } from "./core";
import {
  ClerkApiError,
  clerkError,
  json,
  optionalField,
  optionalInteger,
  requiredField,
  type Fields,
  type Reply,
} from "./http";
import { normalizePhone } from "./codes";
import { userJSON } from "./resources";
import { dispatch, ID_PATTERN as ID, type Route } from "./routes";
import {
  sessionAbandonAt,
  sessionExpireAt,
  verifiedEmail,
  type Session,
  type User,
} from "./state";

export type BapiRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  fields: Fields;
  authorization: string | undefined;
};

const MAX_TOKEN_SECONDS = 86_400;

const routes: Route<BapiRequest>[] = [
  { pattern: /^\/jwks$/, methods: { GET: jwks } },
  {
    pattern: new RegExp(`^/sessions/(${ID})/tokens$`),
    methods: { POST: sessionToken },
  },
  {
    pattern: new RegExp(`^/sessions/(${ID})/tokens/(${ID})$`),
    methods: { POST: templateToken },
  },
  {
    pattern: new RegExp(`^/sessions/(${ID})/revoke$`),
    methods: { POST: revokeSession },
  },
  { pattern: new RegExp(`^/sessions/(${ID})$`), methods: { GET: getSession } },
  { pattern: /^\/users$/, methods: { GET: listUsers, POST: createUser } },
  { pattern: /^\/users\/count$/, methods: { GET: countUsers } },
  { pattern: new RegExp(`^/users/(${ID})$`), methods: { GET: getUser } },
  { pattern: /^\/sign_in_tokens$/, methods: { POST: createSignInToken } },
  { pattern: /^\/testing_tokens$/, methods: { POST: createTestingToken } },
  {
    pattern: /^\/clients\/handshake_payload$/,
    methods: { GET: handshakePayload },
  },
];

export function isSecretKey(core: StandInCore, header: string | undefined) {
  if (!header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(core.secretKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function routeBapi(
  core: StandInCore,
  req: BapiRequest,
): Promise<Reply | undefined> {
  // clerk_key_invalid is the code @clerk/backend looks for to report a wrong key.
  if (!isSecretKey(core, req.authorization))
    return clerkError(
      401,
      "clerk_key_invalid",
      "The Authorization header must be 'Bearer <secret key>' with this stand-in's key (CLERK_SECRET_KEY from its appEnv()).",
      {},
      "The secret key is missing or wrong.",
    );
  return dispatch(routes, core, req);
}

function notFound(message: string) {
  return new ClerkApiError(404, "resource_not_found", message, {}, "not found");
}

function activeSession(core: StandInCore, id: string): Session {
  const session = core.state.sessions.get(id);
  if (!session) throw notFound(`No session ${id} exists.`);
  if (session.status !== "active")
    throw notFound(
      `Session ${id} is ${session.status}; it cannot mint tokens.`,
    );
  return session;
}

function expiresIn(req: BapiRequest) {
  return optionalInteger(
    req.fields,
    "expires_in_seconds",
    1,
    MAX_TOKEN_SECONDS,
  );
}

function backendSessionJSON(session: Session) {
  return {
    object: "session",
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: session.status,
    last_active_organization_id: session.lastActiveOrganizationId,
    last_active_at: session.lastActiveAt,
    expire_at: sessionExpireAt(session),
    abandon_at: sessionAbandonAt(session),
    actor: null,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

function backendUserJSON(core: StandInCore, user: User) {
  return {
    ...userJSON(user, core),
    banned: false,
    locked: false,
    last_active_at: user.lastSignInAt,
  };
}

function jwks(core: StandInCore): Reply {
  return json({ keys: [core.signingKey.jwk] });
}

async function sessionToken(core: StandInCore, req: BapiRequest, m: string[]) {
  const session = activeSession(core, m[1]);
  const minted = await core.minter.sessionToken(session, {
    expiresInSeconds: expiresIn(req),
  });
  return json({ object: "token", jwt: minted.jwt });
}

async function templateToken(core: StandInCore, req: BapiRequest, m: string[]) {
  const session = activeSession(core, m[1]);
  const template = core.state.templateByName(m[2]);
  if (!template) throw notFound(`No JWT template exists with name: ${m[2]}`);
  const minted = await core.minter.templateToken(session, template, {
    expiresInSeconds: expiresIn(req),
  });
  return json({ object: "token", jwt: minted.jwt });
}

export function revoke(core: StandInCore, session: Session) {
  if (session.status === "active") core.state.endSession(session, "revoked");
}

function revokeSession(core: StandInCore, _req: BapiRequest, m: string[]) {
  const session = core.state.sessions.get(m[1]);
  if (!session) throw notFound(`No session ${m[1]} exists.`);
  revoke(core, session);
  return json(backendSessionJSON(session));
}

function getSession(core: StandInCore, _req: BapiRequest, m: string[]) {
  const session = core.state.sessions.get(m[1]);
  if (!session) throw notFound(`No session ${m[1]} exists.`);
  return json(backendSessionJSON(session));
}

function matchingUsers(core: StandInCore, query: URLSearchParams) {
  const emails = query
    .getAll("email_address")
    .concat(query.getAll("email_address[]"))
    .filter((e) => e.length <= 320)
    .map((e) => e.toLowerCase());
  const ids = query.getAll("user_id").concat(query.getAll("user_id[]"));
  const phones = query
    .getAll("phone_number")
    .concat(query.getAll("phone_number[]"))
    .map((p) => normalizePhone(p.slice(0, 40)));
  return [...core.state.users.values()].filter(
    (u) =>
      (emails.length === 0 || emails.some((e) => verifiedEmail(u, e))) &&
      (phones.length === 0 || (!!u.phone && phones.includes(u.phone))) &&
      (ids.length === 0 || ids.includes(u.id)),
  );
}

function listUsers(core: StandInCore, req: BapiRequest) {
  const users = matchingUsers(core, req.query).sort(
    (a, b) => b.createdAt - a.createdAt,
  );
  const limit = Math.min(
    Math.max(Number(req.query.get("limit")) || 10, 1),
    500,
  );
  const offset = Math.max(Number(req.query.get("offset")) || 0, 0);
  return json(
    users.slice(offset, offset + limit).map((u) => backendUserJSON(core, u)),
  );
}

function countUsers(core: StandInCore, req: BapiRequest) {
  return json({
    object: "total_count",
    total_count: matchingUsers(core, req.query).length,
  });
}

function getUser(core: StandInCore, _req: BapiRequest, m: string[]) {
  const user = core.state.users.get(m[1]);
  if (!user) throw notFound(`No user ${m[1]} exists.`);
  return json(backendUserJSON(core, user));
}

const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,100}$/;

export function validEmail(value: string) {
  return EMAIL.test(value);
}

/** An optional `phone_number` (a string or a one-item list) in E.164; null when absent. */
function phoneField(core: StandInCore, fields: Fields) {
  const raw =
    optionalField(fields, "phone_number", 40) ??
    optionalField(fields, "phone_number.0", 40);
  if (raw === undefined || raw.trim() === "") return null;
  const phone = normalizePhone(raw);
  if (!phone)
    throw new ClerkApiError(
      422,
      "form_param_format_invalid",
      "phone_number must be one phone number in international format, such as +15555550100.",
      { param_name: "phone_number" },
    );
  if (core.state.userByPhone(phone))
    throw new ClerkApiError(
      422,
      "form_identifier_exists",
      "That phone number is taken. Please try another.",
      { param_name: "phone_number" },
    );
  return phone;
}

/** POST /users: JSON `{ email_address: [..] | "..", phone_number?, first_name, last_name, password }`. */
function createUser(core: StandInCore, req: BapiRequest) {
  const email = (
    optionalField(req.fields, "email_address", 320) ??
    optionalField(req.fields, "email_address.0", 320) ??
    ""
  ).trim();
  if (!validEmail(email))
    throw new ClerkApiError(
      422,
      "form_param_format_invalid",
      "email_address must be one email address.",
      { param_name: "email_address" },
    );
  const password = optionalField(req.fields, "password", 1024);
  if (password !== undefined && password.length < 8)
    throw new ClerkApiError(
      422,
      "form_password_length_too_short",
      "Passwords must be 8 characters or more.",
      { param_name: "password" },
    );
  if (core.state.userByEmail(email))
    throw new ClerkApiError(
      422,
      "form_identifier_exists",
      "That email address is taken. Please try another.",
      { param_name: "email_address" },
    );
  const phone = phoneField(core, req.fields);
  const { user } = core.state.ensureUser({
    email,
    phone,
    firstName: optionalField(req.fields, "first_name", 100) ?? null,
    lastName: optionalField(req.fields, "last_name", 100) ?? null,
    password,
  });
  return json(backendUserJSON(core, user));
}

function createSignInToken(core: StandInCore, req: BapiRequest) {
  const userId = requiredField(req.fields, "user_id", 100);
  const user = core.state.users.get(userId);
  if (!user) throw notFound(`No user ${userId} exists.`);
  const seconds =
    optionalInteger(req.fields, "expires_in_seconds", 1, 30 * 86_400) ??
    2_592_000;
  const ticket = core.state.createTicket(user.id, seconds);
  return json({
    object: "sign_in_token",
    id: ticket.id,
    user_id: user.id,
    token: ticket.token,
    status: ticket.status,
    url: `${core.issuer}/sign-in#__clerk_ticket=${ticket.token}`,
    created_at: ticket.createdAt,
    updated_at: ticket.createdAt,
  });
}

/** What @clerk/backend's testingTokens.createTestingToken() (and so clerkSetup()) reads. */
function createTestingToken(core: StandInCore) {
  const { token, expiresAt } = core.testingTokens.create();
  return json({ object: "testing_token", token, expires_at: expiresAt });
}

function handshakePayload(core: StandInCore, req: BapiRequest) {
  const nonce = req.query.get("nonce") ?? "";
  if (!nonce || nonce.length > 100)
    throw new ClerkApiError(
      400,
      "form_param_missing",
      "The nonce query parameter is required.",
      { param_name: "nonce" },
    );
  const directives = core.nonceDirectives(nonce);
  if (!directives) throw notFound("The handshake nonce is unknown or expired.");
  return json({ directives });
}
