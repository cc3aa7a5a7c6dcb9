/**
 * Account management through the Frontend API (`/v1/me`), what clerk-js's
 * User resource and <UserProfile/> (behind <UserButton/>'s "Manage account")
 * call: the profile (names, primary email address) by `PATCH /me`; email
 * addresses added with a code (test addresses only, code 424242), removed
 * and made primary; the password; the active sessions and their revocation;
 * the profile image. Everything else under /me (phone numbers, MFA,
 * passkeys, connected accounts, metadata, organizations, deletion) is a 422
 * with a sentence.
 *
 * The user is the one of the session clerk-js names in `_clerk_session_id`
 * (else the client's last active one); a signed-out client gets 401.
 */
import { validEmail } from "./bapi";
import { attemptCode, prepareCode } from "./codes";
import type { StandInCore } from "./core";
import { envelope, requireClient, type FapiRequest } from "./fapiShared";
import { ClerkApiError, json, optionalField, requiredField } from "./http";
import { passwordMatches, hashPassword } from "./passwords";
import {
  imageKind,
  imageUrl,
  readUpload,
  PROFILE_IMAGE_PATH,
} from "./profileImages";
import {
  emailAddressJSON,
  emailId,
  phoneId,
  sessionWithActivitiesJSON,
  userJSON,
} from "./resources";
import { ID_PATTERN as ID, type Route } from "./routes";
import {
  emailsOf,
  MAX_EMAILS_PER_USER,
  newId,
  type Client,
  type EmailAddress,
  type Session,
  type User,
} from "./state";

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1024;
const MAX_NAME = 256;

/** Parts of /me the stand-in refuses, with what they are, for the sentence. */
const NOT_OFFERED: [RegExp, string][] = [
  [/^\/me\/phone_numbers(\/|$)/, "adding or changing phone numbers"],
  [/^\/me\/web3_wallets(\/|$)/, "web3 wallets"],
  [/^\/me\/external_accounts(\/|$)/, "connected (OAuth) accounts"],
  [/^\/me\/enterprise_(accounts|connections)(\/|$)/, "enterprise SSO"],
  [/^\/me\/(totp|backup_codes)(\/|$)/, "two-step verification"],
  [/^\/me\/passkeys(\/|$)/, "passkeys"],
  [/^\/me\/metadata$/, "user metadata"],
  [/^\/me\/remove_password$/, "removing the password (passwords are required)"],
  [/^\/me\/organization_[a-z_]+(\/|$)/, "organization lists on /me"],
  [
    /^\/me\/(commerce|billing|payment_methods|api_keys)(\/|$)/,
    "billing and API keys",
  ],
  [/^\/me\/oauth(\/|$)/, "OAuth consent"],
];

export const accountRoutes: Route<FapiRequest>[] = [
  {
    pattern: /^\/me$/,
    methods: { GET: getMe, PATCH: updateMe, DELETE: deleteMe },
  },
  { pattern: /^\/me\/change_password$/, methods: { POST: changePassword } },
  {
    pattern: /^\/me\/sessions(\/active)?$/,
    methods: { GET: activeSessions },
  },
  {
    pattern: new RegExp(`^/me/sessions/(${ID})/revoke$`),
    methods: { POST: revokeSession },
  },
  // clerk-js posts new addresses to the collection with a trailing slash.
  {
    pattern: /^\/me\/email_addresses\/?$/,
    methods: { GET: listEmails, POST: createEmail },
  },
  {
    pattern: new RegExp(`^/me/email_addresses/(${ID})$`),
    methods: { GET: getEmail, DELETE: deleteEmail },
  },
  {
    pattern: new RegExp(`^/me/email_addresses/(${ID})/prepare_verification$`),
    methods: { POST: prepareEmail },
  },
  {
    pattern: new RegExp(`^/me/email_addresses/(${ID})/attempt_verification$`),
    methods: { POST: attemptEmail },
  },
  {
    pattern: new RegExp(`^${PROFILE_IMAGE_PATH}$`),
    methods: { POST: setProfileImage, DELETE: deleteProfileImage },
  },
  ...NOT_OFFERED.map(([pattern, what]) => {
    const refuse = (_core: StandInCore, req: FapiRequest) => {
      throw new ClerkApiError(
        422,
        "feature_not_enabled",
        `The local Clerk stand-in does not offer ${what} (${req.method} /v1${req.path.slice(0, 100)}); its account routes are the profile, email addresses, password, active sessions and profile image.`,
      );
    };
    return {
      pattern,
      methods: {
        GET: refuse,
        POST: refuse,
        PATCH: refuse,
        PUT: refuse,
        DELETE: refuse,
      },
    };
  }),
];

// ---- who is asking ----------------------------------------------------------

type Me = { client: Client; session: Session; user: User };

function signedOut(message: string) {
  return new ClerkApiError(
    401,
    "authentication_invalid",
    message,
    {},
    "Unauthenticated",
  );
}

/** The signed-in user of this client, by `_clerk_session_id` or its last active session. */
function me(core: StandInCore, req: FapiRequest): Me {
  const client = requireClient(core, req);
  const id = req.sessionId ?? client.lastActiveSessionId;
  const session = id ? core.state.sessions.get(id) : undefined;
  if (!session || session.clientId !== client.id)
    throw signedOut(
      "No one is signed in on this client, so there is no account to manage.",
    );
  if (session.status !== "active")
    throw signedOut(
      `Session ${session.id} is ${session.status}; sign in again.`,
    );
  const user = core.state.users.get(session.userId);
  if (!user) throw signedOut("The signed-in account no longer exists.");
  return { client, session, user };
}

function changedUser(core: StandInCore, user: User) {
  user.updatedAt = Math.max(core.now(), user.updatedAt + 1);
  core.state.changed();
}

async function answerUser(core: StandInCore, who: Me) {
  return envelope(core, who.client, userJSON(who.user, core));
}

// ---- the profile -------------------------------------------------------------

async function getMe(core: StandInCore, req: FapiRequest) {
  return answerUser(core, me(core, req));
}

/** Fields PATCH /me refuses, rather than silently ignoring them. */
const UNCHANGEABLE = [
  "username",
  "password",
  "external_id",
  "primary_web3_wallet_id",
  "unsafe_metadata",
  "public_metadata",
  "private_metadata",
  "profile_image_id",
];

async function updateMe(core: StandInCore, req: FapiRequest) {
  const who = me(core, req);
  const { user } = who;
  for (const name of UNCHANGEABLE)
    if (req.fields[name] !== undefined)
      throw new ClerkApiError(
        422,
        "form_param_unknown",
        `The local Clerk stand-in does not change ${name} through PATCH /v1/me; it changes first_name, last_name and primary_email_address_id.`,
        { param_name: name },
      );
  const phone = optionalField(req.fields, "primary_phone_number_id", 100);
  if (phone !== undefined && phone !== (user.phone ? phoneId(user) : ""))
    throw new ClerkApiError(
      422,
      "form_param_value_invalid",
      `primary_phone_number_id ${phone} is not this account's phone number.`,
      { param_name: "primary_phone_number_id" },
    );
  const primaryId = optionalField(req.fields, "primary_email_address_id", 100);
  let primary: EmailAddress | undefined;
  if (primaryId !== undefined) {
    primary = emailsOf(user).find((e) => e.id === primaryId);
    if (!primary)
      throw new ClerkApiError(
        422,
        "form_param_value_invalid",
        `primary_email_address_id ${primaryId} is not an email address of this account.`,
        { param_name: "primary_email_address_id" },
      );
    if (primary.verifiedAt === null)
      throw new ClerkApiError(
        422,
        "form_identifier_not_verified",
        "Verify this email address before making it primary.",
        { param_name: "primary_email_address_id" },
      );
  }
  // Checked before anything changes, so a refused call changes nothing.
  const first = optionalField(req.fields, "first_name", MAX_NAME);
  const last = optionalField(req.fields, "last_name", MAX_NAME);
  if (first !== undefined) user.firstName = first.trim() || null;
  if (last !== undefined) user.lastName = last.trim() || null;
  if (primary) {
    core.state.ownEmails(user);
    user.primaryEmailId = primary.id;
    user.email = primary.email;
  }
  changedUser(core, user);
  return answerUser(core, who);
}

function deleteMe(): never {
  throw new ClerkApiError(
    422,
    "feature_not_enabled",
    "The local Clerk stand-in does not let users delete their own account (delete_self is off); remove users through the Backend API or the admin routes instead.",
  );
}

// ---- password ----------------------------------------------------------------

async function changePassword(core: StandInCore, req: FapiRequest) {
  const who = me(core, req);
  const { user, session } = who;
  const next = requiredField(req.fields, "new_password", MAX_PASSWORD);
  if (user.passwordHash) {
    const current = requiredField(req.fields, "current_password", MAX_PASSWORD);
    if (!passwordMatches(current, user.passwordHash))
      throw new ClerkApiError(
        422,
        "form_password_incorrect",
        "Password is incorrect. Try again, or use another method.",
        { param_name: "current_password" },
      );
  }
  if (next.length < MIN_PASSWORD)
    throw new ClerkApiError(
      422,
      "form_password_length_too_short",
      `Passwords must be ${MIN_PASSWORD} characters or more.`,
      { param_name: "new_password" },
    );
  user.passwordHash = hashPassword(next);
  if (optionalField(req.fields, "sign_out_of_other_sessions", 10) === "true")
    for (const other of core.state.sessionsOfUser(user.id))
      if (other.id !== session.id) core.state.endSession(other, "revoked");
  changedUser(core, user);
  return answerUser(core, who);
}

// ---- sessions ----------------------------------------------------------------

/** A bare array, unlike other answers: clerk-js reads the body as the list. */
async function activeSessions(core: StandInCore, req: FapiRequest) {
  const { user } = me(core, req);
  return json(
    core.state
      .sessionsOfUser(user.id)
      .sort((a, b) => b.lastActiveAt - a.lastActiveAt)
      .map(sessionWithActivitiesJSON),
  );
}

async function revokeSession(core: StandInCore, req: FapiRequest, m: string[]) {
  const who = me(core, req);
  const target = core.state.sessions.get(m[1]);
  if (!target || target.userId !== who.user.id)
    throw new ClerkApiError(
      404,
      "resource_not_found",
      `No session ${m[1]} belongs to this account.`,
      {},
      "not found",
    );
  if (target.status === "active") core.state.endSession(target, "revoked");
  return envelope(core, who.client, sessionWithActivitiesJSON(target));
}

// ---- email addresses ---------------------------------------------------------

function ownEmail(user: User, id: string) {
  const address = emailsOf(user).find((e) => e.id === id);
  if (!address)
    throw new ClerkApiError(
      404,
      "resource_not_found",
      `No email address ${id} belongs to this account.`,
      {},
      "not found",
    );
  return address;
}

function taken(mine: boolean) {
  return new ClerkApiError(
    422,
    "form_identifier_exists",
    mine
      ? "That email address is already on your account."
      : "That email address is taken. Please try another.",
    { param_name: "email_address" },
  );
}

async function listEmails(core: StandInCore, req: FapiRequest) {
  const { user } = me(core, req);
  return json(emailsOf(user).map(emailAddressJSON));
}

async function createEmail(core: StandInCore, req: FapiRequest) {
  const who = me(core, req);
  const { user } = who;
  const email = requiredField(req.fields, "email_address", 320).trim();
  if (!validEmail(email))
    throw new ClerkApiError(
      422,
      "form_param_format_invalid",
      "email_address must be a valid email address.",
      { param_name: "email_address" },
      "is invalid",
    );
  const lower = email.toLowerCase();
  if (emailsOf(user).some((e) => e.email.toLowerCase() === lower))
    throw taken(true);
  if (core.state.userByEmail(email)) throw taken(false);
  // No mail is sent: only test addresses could ever be verified.
  prepareCode("email_code", email, core.now());
  const emails = core.state.ownEmails(user);
  if (emails.length >= MAX_EMAILS_PER_USER)
    throw new ClerkApiError(
      422,
      "email_address_limit_reached",
      `An account on the local Clerk stand-in holds at most ${MAX_EMAILS_PER_USER} email addresses; remove one first.`,
      { param_name: "email_address" },
    );
  const t = core.now();
  const address: EmailAddress = {
    id: newId("idn"),
    email,
    verification: null,
    verifiedAt: null,
    createdAt: t,
    updatedAt: t,
  };
  emails.push(address);
  changedUser(core, user);
  return envelope(core, who.client, emailAddressJSON(address));
}

async function getEmail(core: StandInCore, req: FapiRequest, m: string[]) {
  const who = me(core, req);
  return envelope(core, who.client, emailAddressJSON(ownEmail(who.user, m[1])));
}

async function prepareEmail(core: StandInCore, req: FapiRequest, m: string[]) {
  const who = me(core, req);
  const address = ownEmail(who.user, m[1]);
  const strategy = requiredField(req.fields, "strategy", 64);
  if (strategy !== "email_code")
    throw new ClerkApiError(
      422,
      "strategy_for_user_invalid",
      `The local Clerk stand-in verifies email addresses by email_code, not ${strategy}.`,
      { param_name: "strategy" },
    );
  if (address.verifiedAt !== null)
    throw new ClerkApiError(
      400,
      "verification_already_verified",
      "This email address is already verified.",
    );
  address.verification = prepareCode("email_code", address.email, core.now());
  address.updatedAt = core.now();
  changedUser(core, who.user);
  return envelope(core, who.client, emailAddressJSON(address));
}

async function attemptEmail(core: StandInCore, req: FapiRequest, m: string[]) {
  const who = me(core, req);
  const address = ownEmail(who.user, m[1]);
  const code = requiredField(req.fields, "code", 64);
  if (address.verifiedAt !== null)
    throw new ClerkApiError(
      400,
      "verification_already_verified",
      "This email address is already verified.",
    );
  // The attempt counts even when the code is wrong.
  core.state.changed();
  attemptCode(address.verification, "email_code", code, core.now());
  // Someone may have verified the same address since it was added.
  if (core.state.userByEmail(address.email)) {
    address.verification = null;
    throw taken(false);
  }
  address.verifiedAt = core.now();
  address.updatedAt = address.verifiedAt;
  changedUser(core, who.user);
  return envelope(core, who.client, emailAddressJSON(address));
}

async function deleteEmail(core: StandInCore, req: FapiRequest, m: string[]) {
  const who = me(core, req);
  const address = ownEmail(who.user, m[1]);
  if (address.id === emailId(who.user))
    throw new ClerkApiError(
      422,
      "primary_identifier_required",
      "The primary email address cannot be removed; make another verified address primary first.",
      { param_name: "email_address_id" },
    );
  const emails = core.state.ownEmails(who.user);
  emails.splice(emails.indexOf(address), 1);
  changedUser(core, who.user);
  return envelope(core, who.client, {
    object: "email_address",
    id: address.id,
    deleted: true,
  });
}

// ---- profile image -----------------------------------------------------------

async function setProfileImage(core: StandInCore, req: FapiRequest) {
  const who = me(core, req);
  if (!req.raw)
    throw new ClerkApiError(
      400,
      "malformed_request",
      "The profile image request has no body.",
    );
  const upload = readUpload(req.raw);
  const kind = imageKind(upload.bytes);
  const id = core.images.save(upload.bytes, kind);
  if (who.user.imageId) core.images.delete(who.user.imageId);
  who.user.imageId = id;
  changedUser(core, who.user);
  return envelope(core, who.client, {
    object: "image",
    id,
    name: upload.filename ?? `profile.${kind.ext}`,
    public_url: imageUrl(core.publicOrigin, id),
  });
}

async function deleteProfileImage(core: StandInCore, req: FapiRequest) {
  const who = me(core, req);
  const id = who.user.imageId;
  if (!id)
    throw new ClerkApiError(
      404,
      "resource_not_found",
      "This account has no profile image.",
      {},
      "not found",
    );
  core.images.delete(id);
  who.user.imageId = null;
  changedUser(core, who.user);
  return envelope(core, who.client, {
    object: "image",
    id,
    name: null,
    public_url: null,
  });
}
