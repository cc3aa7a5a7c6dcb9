/**
 * Sign-up through the Frontend API, as clerk-js's SignUp resource and the
 * <SignUp/> UI call it: create, update (PATCH), prepare_verification and
 * attempt_verification. An email address and a password are required, a
 * phone number is optional, and every identifier given is verified by code
 * (test identities only, codes.ts). The user and session are made on the
 * call that meets the last requirement.
 */
import { validEmail } from "./bapi";
import {
  attemptCode,
  isCodeStrategy,
  normalizePhone,
  prepareCode,
  type CodeStrategy,
} from "./codes";
import type { StandInCore } from "./core";
import {
  deviceOf,
  envelope,
  requireClient,
  type FapiRequest,
} from "./fapiShared";
import {
  ClerkApiError,
  optionalField,
  requiredField,
  type Fields,
} from "./http";
import { hashPassword } from "./passwords";
import { signUpJSON } from "./resources";
import { ID_PATTERN as ID, type Route } from "./routes";
import {
  emptySignUpValues,
  type Client,
  type SignUp,
  type SignUpValues,
} from "./state";

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1024;

export const signUpRoutes: Route<FapiRequest>[] = [
  { pattern: /^\/client\/sign_ups$/, methods: { POST: createSignUp } },
  {
    pattern: new RegExp(`^/client/sign_ups/(${ID})$`),
    methods: { GET: getSignUp, PATCH: updateSignUp },
  },
  {
    pattern: new RegExp(`^/client/sign_ups/(${ID})/prepare_verification$`),
    methods: { POST: prepareVerification },
  },
  {
    pattern: new RegExp(`^/client/sign_ups/(${ID})/attempt_verification$`),
    methods: { POST: attemptVerification },
  },
];

function ownSignUp(core: StandInCore, client: Client, id: string): SignUp {
  const signUp = core.state.signUps.get(id);
  if (!signUp || signUp.clientId !== client.id || client.signUpId !== id)
    throw new ClerkApiError(
      404,
      "resource_not_found",
      `No sign-up attempt ${id.slice(0, 100)} is in progress on this client.`,
      {},
      "not found",
    );
  return signUp;
}

function taken(field: "email_address" | "phone_number") {
  return new ClerkApiError(
    422,
    "form_identifier_exists",
    field === "email_address"
      ? "That email address is taken. Please try another."
      : "That phone number is taken. Please try another.",
    { param_name: field },
  );
}

function refuseStrategy(strategy: string) {
  return new ClerkApiError(
    422,
    "strategy_for_user_invalid",
    `The local Clerk stand-in signs up with an email address and a password, verified by email_code (phone_code for a phone number), not ${strategy.slice(0, 64)}.`,
    { param_name: "strategy" },
  );
}

/** Copies the fields clerk-js sends onto the sign-up; other fields are ignored. */
function applyFields(core: StandInCore, signUp: SignUpValues, fields: Fields) {
  const email = optionalField(fields, "email_address", 320)?.trim();
  if (email !== undefined && email !== (signUp.emailAddress ?? "")) {
    if (email !== "" && !validEmail(email))
      throw new ClerkApiError(
        422,
        "form_param_format_invalid",
        "email_address must be a valid email address.",
        { param_name: "email_address" },
        "is invalid",
      );
    if (email !== "" && core.state.userByEmail(email))
      throw taken("email_address");
    signUp.emailAddress = email || null;
    signUp.emailVerification = null;
  }
  const rawPhone = optionalField(fields, "phone_number", 40)?.trim();
  if (rawPhone !== undefined) {
    const phone = rawPhone === "" ? null : normalizePhone(rawPhone);
    if (rawPhone !== "" && !phone)
      throw new ClerkApiError(
        422,
        "form_param_format_invalid",
        "phone_number must be a phone number in international format, such as +15555550100.",
        { param_name: "phone_number" },
        "is invalid",
      );
    if (phone !== signUp.phoneNumber) {
      if (phone && core.state.userByPhone(phone)) throw taken("phone_number");
      signUp.phoneNumber = phone;
      signUp.phoneVerification = null;
    }
  }
  const password = optionalField(fields, "password", MAX_PASSWORD);
  if (password !== undefined) {
    if (password.length < MIN_PASSWORD)
      throw new ClerkApiError(
        422,
        "form_password_length_too_short",
        `Passwords must be ${MIN_PASSWORD} characters or more.`,
        { param_name: "password" },
      );
    signUp.passwordHash = hashPassword(password);
  }
  for (const name of ["first_name", "last_name"] as const) {
    const value = optionalField(fields, name, 100);
    if (value === undefined) continue;
    if (name === "first_name") signUp.firstName = value.trim() || null;
    else signUp.lastName = value.trim() || null;
  }
}

/** A code to the sign-up's email address or phone number. */
function prepareFor(
  core: StandInCore,
  signUp: SignUpValues,
  strategy: CodeStrategy,
) {
  const target =
    strategy === "email_code" ? signUp.emailAddress : signUp.phoneNumber;
  if (!target)
    throw new ClerkApiError(
      422,
      "form_param_missing",
      strategy === "email_code"
        ? "This sign-up has no email address to send a code to; set email_address first."
        : "This sign-up has no phone number to send a code to; set phone_number first.",
      {
        param_name:
          strategy === "email_code" ? "email_address" : "phone_number",
      },
      "is missing",
    );
  const verification = prepareCode(strategy, target, core.now());
  if (strategy === "email_code") signUp.emailVerification = verification;
  else signUp.phoneVerification = verification;
}

function codeStrategy(fields: Fields, required: boolean) {
  const strategy = required
    ? requiredField(fields, "strategy", 64)
    : optionalField(fields, "strategy", 64);
  if (strategy === undefined || strategy === "") return undefined;
  if (!isCodeStrategy(strategy)) throw refuseStrategy(strategy);
  return strategy;
}

/**
 * Answers with the sign-up, first making the user and session when nothing
 * is missing: then the answer says `complete`, and the client holds the
 * session and no sign-up any more.
 */
async function answer(
  core: StandInCore,
  req: FapiRequest,
  client: Client,
  signUp: SignUp,
) {
  core.state.changed();
  const ready =
    signUp.emailAddress !== null &&
    signUp.passwordHash !== null &&
    signUp.emailVerification?.status === "verified" &&
    (signUp.phoneNumber === null ||
      signUp.phoneVerification?.status === "verified");
  if (!ready) return envelope(core, client, signUpJSON(signUp));
  // Someone else may have taken the address since it was entered.
  if (core.state.userByEmail(signUp.emailAddress!))
    throw taken("email_address");
  if (signUp.phoneNumber && core.state.userByPhone(signUp.phoneNumber))
    throw taken("phone_number");
  const { user } = core.state.ensureUser({
    email: signUp.emailAddress!,
    phone: signUp.phoneNumber,
    firstName: signUp.firstName,
    lastName: signUp.lastName,
    passwordHash: signUp.passwordHash,
  });
  const session = core.state.createSession(
    client,
    user.id,
    req.origin,
    deviceOf(req),
    core.settings.multiSession,
  );
  const done = signUpJSON(signUp, { userId: user.id, sessionId: session.id });
  core.state.endSignUp(client);
  return envelope(core, client, done);
}

async function createSignUp(core: StandInCore, req: FapiRequest) {
  const client = requireClient(core, req);
  const strategy = optionalField(req.fields, "strategy", 64);
  if (strategy === "ticket")
    throw new ClerkApiError(
      422,
      "strategy_for_user_invalid",
      "The local Clerk stand-in has no invitations or sign-up tickets; sign up with an email address and a password.",
      { param_name: "strategy" },
    );
  const sendCode = codeStrategy(req.fields, false);
  // Checked before the sign-up exists, so a refused create keeps the old one.
  const values = emptySignUpValues();
  applyFields(core, values, req.fields);
  // clerk-js sends a code strategy on create only to have the code sent at once.
  if (sendCode) prepareFor(core, values, sendCode);
  const signUp = core.state.startSignUp(client, values);
  return answer(core, req, client, signUp);
}

async function getSignUp(core: StandInCore, req: FapiRequest, m: string[]) {
  const client = requireClient(core, req);
  const signUp = ownSignUp(core, client, m[1]);
  return envelope(core, client, signUpJSON(signUp));
}

async function updateSignUp(core: StandInCore, req: FapiRequest, m: string[]) {
  const client = requireClient(core, req);
  const signUp = ownSignUp(core, client, m[1]);
  codeStrategy(req.fields, false);
  applyFields(core, signUp, req.fields);
  return answer(core, req, client, signUp);
}

async function prepareVerification(
  core: StandInCore,
  req: FapiRequest,
  m: string[],
) {
  const client = requireClient(core, req);
  const signUp = ownSignUp(core, client, m[1]);
  const strategy = codeStrategy(req.fields, true)!;
  prepareFor(core, signUp, strategy);
  return answer(core, req, client, signUp);
}

async function attemptVerification(
  core: StandInCore,
  req: FapiRequest,
  m: string[],
) {
  const client = requireClient(core, req);
  const signUp = ownSignUp(core, client, m[1]);
  const strategy = codeStrategy(req.fields, true)!;
  const code = requiredField(req.fields, "code", 64);
  // The attempt counts even when the code is wrong.
  core.state.changed();
  attemptCode(
    strategy === "email_code"
      ? signUp.emailVerification
      : signUp.phoneVerification,
    strategy,
    code,
    core.now(),
  );
  return answer(core, req, client, signUp);
}
