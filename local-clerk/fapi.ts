/**
 * Clerk Frontend API (what clerk-js calls), served under `/__clerk/v1`.
 * clerk-js only sends GET and POST; other verbs arrive as `POST ?_method=`.
 */
import { accountRoutes } from "./account";
import {
  attemptCode,
  isCodeStrategy,
  normalizePhone,
  prepareCode,
  type CodeStrategy,
} from "./codes";
import {
  deviceOf,
  envelope,
  requireClient,
  type FapiRequest,
} from "./fapiShared";
import { handshake } from "./handshake";
import {
  ClerkApiError,
  clerkError,
  json,
  optionalField,
  requiredField,
  type Fields,
  type Reply,
} from "./http";
import type { StandInCore } from "./core";
import { passwordMatches } from "./passwords";
import { emailId, environmentJSON, phoneId, signInJSON } from "./resources";
import { dispatch, ID_PATTERN as ID, type Route } from "./routes";
import { signUpRoutes } from "./signUps";
import {
  emailsOf,
  verifiedEmail,
  type Client,
  type Session,
  type SignIn,
  type User,
} from "./state";

const routes: Route<FapiRequest>[] = [
  ...signUpRoutes,
  ...accountRoutes,
  { pattern: /^\/dev_browser$/, methods: { POST: createDevBrowser } },
  {
    pattern: /^\/environment$/,
    methods: { GET: environment, PATCH: environment },
  },
  {
    pattern: /^\/client$/,
    methods: {
      GET: getClient,
      PUT: getClient,
      POST: getClient,
      DELETE: destroyClient,
    },
  },
  { pattern: /^\/client\/handshake$/, methods: { GET: handshake } },
  { pattern: /^\/client\/sign_ins$/, methods: { POST: createSignIn } },
  {
    pattern: new RegExp(`^/client/sign_ins/(${ID})$`),
    methods: { GET: getSignIn },
  },
  {
    pattern: new RegExp(`^/client/sign_ins/(${ID})/prepare_first_factor$`),
    methods: { POST: prepareFirstFactor },
  },
  {
    pattern: new RegExp(`^/client/sign_ins/(${ID})/attempt_first_factor$`),
    methods: { POST: attemptFirstFactor },
  },
  { pattern: /^\/client\/sessions$/, methods: { DELETE: removeAllSessions } },
  {
    pattern: new RegExp(`^/client/sessions/(${ID})/touch$`),
    methods: { POST: touchSession },
  },
  {
    pattern: new RegExp(`^/client/sessions/(${ID})/tokens$`),
    methods: { POST: sessionToken },
  },
  {
    pattern: new RegExp(`^/client/sessions/(${ID})/tokens/(${ID})$`),
    methods: { POST: templateToken },
  },
  {
    pattern: new RegExp(`^/client/sessions/(${ID})/(end|remove)$`),
    methods: { POST: endSession },
  },
];

/** Routes a FAPI request; `undefined` means no route matched the path. */
export async function routeFapi(
  core: StandInCore,
  req: FapiRequest,
): Promise<Reply | undefined> {
  // Real Clerk ignores a bad testing token (the request is then treated as
  // having none, clerk/javascript#3471); without bot protection here, every
  // answer is the same either way. The counts show a suite its setup works.
  const testingToken = req.query.get("__clerk_testing_token");
  if (testingToken !== null) core.testingTokens.observe(testingToken);
  return dispatch(routes, core, req);
}

// ---- shared checks -------------------------------------------------------

function notFound(what: string) {
  return new ClerkApiError(404, "resource_not_found", what, {}, "not found");
}

function ownSignIn(core: StandInCore, client: Client, id: string): SignIn {
  const signIn = core.state.signIns.get(id);
  if (!signIn || signIn.clientId !== client.id)
    throw notFound(`No sign-in attempt ${id} belongs to this client.`);
  return signIn;
}

/**
 * A session of this client. Unknown ids are 404; sessions that were signed
 * out or revoked are 401, which makes clerk-js sign out (only for those).
 */
function ownSession(core: StandInCore, client: Client, id: string): Session {
  const session = core.state.sessions.get(id);
  if (!session || session.clientId !== client.id)
    throw notFound(`No session ${id} belongs to this client.`);
  if (session.status !== "active")
    throw new ClerkApiError(
      401,
      "authentication_invalid",
      `Session ${id} is ${session.status}; sign in again.`,
      {},
      "Unauthenticated",
    );
  return session;
}

function passwordIncorrect() {
  return new ClerkApiError(
    422,
    "form_password_incorrect",
    "Password is incorrect. Try again, or use another method.",
    { param_name: "password" },
  );
}

function rememberOrigin(session: Session, origin: string | null) {
  if (origin && session.azp !== origin) session.azp = origin;
}

/**
 * Organization chosen by a request field: undefined keeps the session's,
 * "" or null means personal, otherwise an id (or slug) the user belongs to.
 */
function organizationFromField(
  core: StandInCore,
  session: Session,
  fields: Fields,
  name: string,
): string | null | undefined {
  const value = optionalField(fields, name, 100);
  if (value === undefined) return undefined;
  if (value === "" || value === "null") return null;
  const memberships = core.state.membershipsOf(session.userId);
  const byId = memberships.find((m) => m.organizationId === value);
  if (byId) return byId.organizationId;
  const bySlug = memberships.find(
    (m) => core.state.organizations.get(m.organizationId)?.slug === value,
  );
  if (bySlug) return bySlug.organizationId;
  throw new ClerkApiError(
    404,
    "resource_not_found",
    `The signed-in user is not a member of organization ${value}.`,
    { param_name: name },
    "not found",
  );
}

// ---- handlers --------------------------------------------------------------

function createDevBrowser(core: StandInCore): Reply {
  const { devBrowser } = core.state.createDevBrowser();
  return json({ object: "dev_browser", id: devBrowser });
}

function environment(core: StandInCore): Reply {
  return json(environmentJSON(core.publicOrigin, core.settings.multiSession));
}

async function getClient(core: StandInCore, req: FapiRequest) {
  const client = requireClient(core, req);
  return json({ response: await core.clientResource(client), client: null });
}

async function destroyClient(core: StandInCore, req: FapiRequest) {
  const client = requireClient(core, req);
  for (const session of core.state.activeSessions(client))
    core.state.endSession(session, "ended");
  if (client.signInId) core.state.signIns.delete(client.signInId);
  client.signInId = null;
  core.state.endSignUp(client);
  return envelope(core, client, await core.clientResource(client));
}

/** The user an identifier names: an email address, or a phone number in any usual spelling. */
function userByIdentifier(core: StandInCore, raw: string) {
  const identifier = raw.trim();
  if (identifier.includes("@"))
    return { user: core.state.userByEmail(identifier), typed: identifier };
  const phone = normalizePhone(identifier);
  return {
    user: phone ? core.state.userByPhone(phone) : undefined,
    typed: phone ?? identifier,
  };
}

function strategyNotSupported(strategy: string) {
  return new ClerkApiError(
    422,
    "strategy_for_user_invalid",
    `The local Clerk stand-in signs in with password, email_code, phone_code or ticket, not ${strategy.slice(0, 64)}.`,
    { param_name: "strategy" },
  );
}

/**
 * A code sent for `strategy` (test identities only): to the phone number, or
 * to `email`, a verified address of the user (the primary one by default).
 */
function prepareUserCode(
  core: StandInCore,
  user: User,
  strategy: CodeStrategy,
  email = user.email,
) {
  const target = strategy === "email_code" ? email : user.phone;
  if (!target)
    throw new ClerkApiError(
      422,
      "strategy_for_user_invalid",
      "This account has no phone number, so it cannot sign in with phone_code.",
      { param_name: "strategy" },
    );
  return prepareCode(strategy, target, core.now());
}

async function createSignIn(core: StandInCore, req: FapiRequest) {
  const client = requireClient(core, req);
  const strategy = optionalField(req.fields, "strategy", 64);
  if (strategy === "ticket") {
    const token = requiredField(req.fields, "ticket", 200);
    const ticket = core.state.redeemTicket(token);
    const user = ticket && core.state.users.get(ticket.userId);
    if (!ticket || !user)
      throw new ClerkApiError(
        422,
        "ticket_invalid",
        "The sign-in ticket is unknown, expired or already used.",
        { param_name: "ticket" },
      );
    const signIn = core.state.startSignIn(client, user.email, user.id);
    return complete(core, req, client, signIn, "ticket");
  }
  if (
    strategy !== undefined &&
    strategy !== "password" &&
    !isCodeStrategy(strategy)
  )
    throw strategyNotSupported(strategy);
  const identifier = optionalField(req.fields, "identifier", 320);
  if (!identifier) {
    if (strategy !== undefined && isCodeStrategy(strategy))
      throw new ClerkApiError(
        422,
        "form_param_missing",
        `The field identifier is required with strategy ${strategy}.`,
        { param_name: "identifier" },
        "identifier is missing",
      );
    const signIn = core.state.startSignIn(client, null, null);
    return envelope(core, client, signInJSON(signIn, core));
  }
  const { user, typed } = userByIdentifier(core, identifier);
  if (!user)
    throw new ClerkApiError(
      422,
      "form_identifier_not_found",
      "Couldn't find your account.",
      { param_name: "identifier" },
    );
  // With a code strategy, create also sends the code (as prepare_first_factor would).
  const code =
    strategy !== undefined && isCodeStrategy(strategy)
      ? prepareUserCode(
          core,
          user,
          strategy,
          verifiedEmail(user, typed)?.email ?? user.email,
        )
      : null;
  const signIn = core.state.startSignIn(client, typed, user.id);
  signIn.firstFactor = code;
  const password = optionalField(req.fields, "password", 1024);
  if (password !== undefined && code === null) {
    if (!passwordMatches(password, user.passwordHash))
      throw passwordIncorrect();
    return complete(core, req, client, signIn, "password");
  }
  return envelope(core, client, signInJSON(signIn, core));
}

async function complete(
  core: StandInCore,
  req: FapiRequest,
  client: Client,
  signIn: SignIn,
  strategy: string,
) {
  if (!signIn.userId) throw notFound("This sign-in has no account yet.");
  const session = core.state.createSession(
    client,
    signIn.userId,
    req.origin,
    deviceOf(req),
    core.settings.multiSession,
  );
  signIn.status = "complete";
  signIn.createdSessionId = session.id;
  signIn.completedWith = strategy;
  core.state.changed();
  return envelope(core, client, signInJSON(signIn, core));
}

async function getSignIn(core: StandInCore, req: FapiRequest, m: string[]) {
  const client = requireClient(core, req);
  const signIn = ownSignIn(core, client, m[1]);
  return envelope(core, client, signInJSON(signIn, core));
}

function alreadyComplete() {
  return new ClerkApiError(
    400,
    "sign_in_already_complete",
    "This sign-in attempt is already complete.",
  );
}

/** The account a sign-in is for; it has none before an identifier. */
function signInUser(core: StandInCore, signIn: SignIn) {
  const user = signIn.userId ? core.state.users.get(signIn.userId) : undefined;
  if (!user)
    throw new ClerkApiError(
      422,
      "form_identifier_not_found",
      "Enter your email address first.",
      { param_name: "identifier" },
    );
  return user;
}

async function prepareFirstFactor(
  core: StandInCore,
  req: FapiRequest,
  m: string[],
) {
  const client = requireClient(core, req);
  const signIn = ownSignIn(core, client, m[1]);
  const strategy = requiredField(req.fields, "strategy", 64);
  if (strategy === "password")
    return envelope(core, client, signInJSON(signIn, core));
  if (!isCodeStrategy(strategy)) throw strategyNotSupported(strategy);
  if (signIn.status === "complete") throw alreadyComplete();
  const user = signInUser(core, signIn);
  // clerk-js names the address by the id from supported_first_factors.
  const idField =
    strategy === "email_code" ? "email_address_id" : "phone_number_id";
  const givenId = optionalField(req.fields, idField, 100);
  const address =
    strategy === "email_code"
      ? emailsOf(user).find(
          (e) => e.verifiedAt !== null && e.id === (givenId ?? emailId(user)),
        )
      : undefined;
  const owned =
    givenId === undefined ||
    (strategy === "email_code" ? !!address : givenId === phoneId(user));
  if (!owned)
    throw new ClerkApiError(
      422,
      "form_param_value_invalid",
      `${idField} ${givenId!.slice(0, 100)} does not belong to this account; use the one in supported_first_factors.`,
      { param_name: idField },
    );
  signIn.firstFactor = prepareUserCode(
    core,
    user,
    strategy,
    address?.email ?? user.email,
  );
  core.state.changed();
  return envelope(core, client, signInJSON(signIn, core));
}

async function attemptFirstFactor(
  core: StandInCore,
  req: FapiRequest,
  m: string[],
) {
  const client = requireClient(core, req);
  const signIn = ownSignIn(core, client, m[1]);
  if (signIn.status === "complete") throw alreadyComplete();
  const strategy = requiredField(req.fields, "strategy", 64);
  if (isCodeStrategy(strategy)) {
    const code = requiredField(req.fields, "code", 64);
    signInUser(core, signIn);
    // The attempt counts even when the code is wrong.
    core.state.changed();
    attemptCode(signIn.firstFactor, strategy, code, core.now());
    return complete(core, req, client, signIn, strategy);
  }
  if (strategy !== "password") throw strategyNotSupported(strategy);
  const password = requiredField(req.fields, "password", 1024);
  const user = signInUser(core, signIn);
  if (!passwordMatches(password, user.passwordHash)) throw passwordIncorrect();
  return complete(core, req, client, signIn, "password");
}

async function removeAllSessions(core: StandInCore, req: FapiRequest) {
  const client = requireClient(core, req);
  for (const session of core.state.activeSessions(client))
    core.state.endSession(session, "removed");
  core.state.touchClient(client);
  return envelope(core, client, await core.clientResource(client));
}

async function touchSession(core: StandInCore, req: FapiRequest, m: string[]) {
  const client = requireClient(core, req);
  const session = ownSession(core, client, m[1]);
  optionalField(req.fields, "intent", 64);
  const org = organizationFromField(
    core,
    session,
    req.fields,
    "active_organization_id",
  );
  if (org !== undefined) session.lastActiveOrganizationId = org;
  rememberOrigin(session, req.origin);
  session.lastActiveAt = core.now();
  session.updatedAt = session.lastActiveAt;
  client.lastActiveSessionId = session.id;
  core.state.touchClient(client);
  return envelope(core, client, await core.sessionResource(session));
}

async function sessionToken(core: StandInCore, req: FapiRequest, m: string[]) {
  const client = requireClient(core, req);
  const session = ownSession(core, client, m[1]);
  const org = organizationFromField(
    core,
    session,
    req.fields,
    "organization_id",
  );
  rememberOrigin(session, req.origin);
  const organizationId =
    org === undefined ? session.lastActiveOrganizationId : org;
  const minted = await core.minter.sessionToken(session, { organizationId });
  if (organizationId === session.lastActiveOrganizationId) {
    session.lastToken = { ...minted, orgId: organizationId };
    core.state.changed();
  }
  return json({ object: "token", jwt: minted.jwt });
}

async function templateToken(core: StandInCore, req: FapiRequest, m: string[]) {
  const client = requireClient(core, req);
  const session = ownSession(core, client, m[1]);
  const template = core.state.templateByName(m[2]);
  if (!template)
    return clerkError(
      404,
      "resource_not_found",
      `No JWT template exists with name: ${m[2]}`,
      {},
      "not found",
    );
  rememberOrigin(session, req.origin);
  const minted = await core.minter.templateToken(session, template);
  return json({ object: "token", jwt: minted.jwt });
}

async function endSession(core: StandInCore, req: FapiRequest, m: string[]) {
  const client = requireClient(core, req);
  const session = ownSession(core, client, m[1]);
  core.state.endSession(session, m[2] === "end" ? "ended" : "removed");
  return envelope(core, client, await core.sessionResource(session));
}
