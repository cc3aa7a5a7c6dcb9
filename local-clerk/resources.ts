/**
 * Clerk Frontend API JSON shapes (EnvironmentJSON, ClientJSON, SessionJSON,
 * UserJSON, SignInJSON, OrganizationMembershipJSON) with the fields clerk-js
 * 6.40 and @clerk/ui read. Field names follow @clerk/shared's `types/json`.
 */
import { codeVerificationJSON } from "./codes";
import { imageUrl } from "./profileImages";
import {
  emailsOf,
  primaryEmailId,
  sessionAbandonAt,
  sessionExpireAt,
  type Client,
  type EmailAddress,
  type Membership,
  type Organization,
  type Session,
  type SignIn,
  type SignUp,
  type StandInState,
  type User,
} from "./state";

export const APPLICATION_NAME = "Classroom (local)";

const DAY_MS = 86_400_000;

/** What user JSON needs: the users, and where profile images are served. */
export type UserContext = {
  state: StandInState;
  publicOrigin: string;
};

export type ResourceContext = UserContext & {
  now: () => number;
  /** The session's piggybacked token; callers freshen it before building JSON. */
  lastActiveToken: (session: Session) => string | null;
};

function attribute(
  enabled: boolean,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    enabled,
    required: false,
    used_for_first_factor: false,
    first_factors: [],
    used_for_second_factor: false,
    second_factors: [],
    verifications: [],
    verify_at_sign_up: false,
    ...extra,
  };
}

/**
 * A development instance: sign-in with email (or phone) and password or a
 * code, sign-up with email and password (a phone number optional), both
 * identifiers verified by code. Codes only reach test identities (codes.ts).
 * Where Clerk names its Account Portal, the stand-in names its hosted pages
 * on `publicOrigin`.
 */
export function environmentJSON(publicOrigin: string, multiSession: boolean) {
  return {
    object: "environment",
    id: "env_local",
    maintenance_mode: false,
    client_debug_mode: false,
    partitioned_cookies: false,
    auth_config: {
      object: "auth_config",
      id: "aac_local",
      single_session_mode: !multiSession,
      claimed_at: null,
      reverification: false,
      preferred_channels: {},
    },
    display_config: {
      object: "display_config",
      id: "display_config_local",
      instance_environment_type: "development",
      application_name: APPLICATION_NAME,
      theme: {
        buttons: { font_color: "#ffffff", font_family: "", font_weight: "600" },
        general: {
          color: "#3b5bdb",
          background_color: "#ffffff",
          font_family: "",
          font_color: "#151515",
          label_font_weight: "600",
          padding: "1em",
          border_radius: "0.5em",
          box_shadow: "",
        },
        accounts: { background_color: "#ffffff" },
      },
      preferred_sign_in_strategy: "password",
      logo_image_url: "",
      favicon_image_url: "",
      home_url: "",
      sign_in_url: `${publicOrigin}/sign-in`,
      sign_up_url: `${publicOrigin}/sign-up`,
      user_profile_url: "",
      waitlist_url: "",
      after_sign_in_url: "",
      after_sign_up_url: "",
      after_sign_out_one_url: "",
      after_sign_out_all_url: "",
      after_switch_session_url: "",
      after_join_waitlist_url: "",
      organization_profile_url: "",
      create_organization_url: "",
      after_leave_organization_url: "",
      after_create_organization_url: "",
      support_email: "",
      branded: false,
      clerk_js_version: "6",
      show_devmode_warning: false,
      terms_url: "",
      privacy_policy_url: "",
      // Captcha stays off: it would load Turnstile from the internet.
      captcha_public_key: null,
      captcha_widget_type: null,
      captcha_public_key_invisible: null,
      captcha_provider: null,
      captcha_oauth_bypass: [],
      captcha_heartbeat: false,
    },
    user_settings: {
      attributes: {
        email_address: attribute(true, {
          required: true,
          used_for_first_factor: true,
          first_factors: ["email_code"],
          verifications: ["email_code"],
          verify_at_sign_up: true,
        }),
        phone_number: attribute(true, {
          used_for_first_factor: true,
          first_factors: ["phone_code"],
          verifications: ["phone_code"],
          verify_at_sign_up: true,
        }),
        username: attribute(false),
        web3_wallet: attribute(false),
        // Optional names: <SignUp/> offers them, <UserProfile/> edits them.
        first_name: attribute(true),
        last_name: attribute(true),
        password: attribute(true, { required: true }),
        authenticator_app: attribute(false),
        backup_code: attribute(false),
        passkey: attribute(false),
      },
      actions: { delete_self: false, create_organization: false },
      social: {},
      saml: { enabled: false },
      enterprise_sso: { enabled: false },
      sign_in: { second_factor: { required: false } },
      sign_up: {
        custom_action_required: false,
        progressive: true,
        captcha_enabled: false,
        disable_hibp: true,
        // <SignUp/> and the sign-up link of <SignIn/> work (FAPI sign_ups).
        mode: "public",
        legal_consent_enabled: false,
      },
      // Off, as Clerk's default: <SignIn/> does not turn unknown addresses into sign-ups.
      attack_protection: { enumeration_protection: { enabled: false } },
      restrictions: {
        allowlist: { enabled: false },
        blocklist: { enabled: false },
      },
      password_settings: {
        allowed_special_characters: "",
        max_length: 0,
        min_length: 8,
        require_special_char: false,
        require_numbers: false,
        require_lowercase: false,
        require_uppercase: false,
        disable_hibp: true,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
      },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false },
    },
    organization_settings: {
      enabled: true,
      max_allowed_memberships: 0,
      force_organization_selection: false,
      actions: { admin_delete: false },
      domains: { enabled: false, enrollment_modes: [], default_role: null },
      slug: { disabled: false },
      organization_creation_defaults: { enabled: false },
    },
    commerce_settings: {
      object: "commerce_settings",
      id: "cs_local",
      billing: {
        stripe_publishable_key: "",
        user: { enabled: false, has_paid_plans: false },
        organization: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: {
      object: "api_keys_settings",
      id: "aks_local",
      enabled: false,
    },
    // No Protect loaders: they would fetch scripts from the internet.
    protect_config: { object: "protect_config", id: "pc_local", loaders: [] },
  };
}

function verified(strategy: string, at: number) {
  return {
    object: "verification",
    status: "verified",
    strategy,
    attempts: null,
    expire_at: at + DAY_MS,
    error: null,
    verified_at_client: null,
  };
}

/** The id of the user's primary email address. */
export function emailId(user: User) {
  return primaryEmailId(user);
}

export function phoneId(user: User) {
  return `idn_phone_${user.id.replace(/^user_/, "")}`;
}

/**
 * An identifier as a sign-in may show it: in full when it is what the person
 * typed, else masked, so a sign-in by email does not reveal the phone number.
 */
function safeIdentifier(value: string, typed: string | null) {
  if (typed !== null && value.toLowerCase() === typed.toLowerCase())
    return value;
  const at = value.lastIndexOf("@");
  if (at > 0)
    return `${value[0]}${"*".repeat(Math.max(at - 1, 1))}${value.slice(at)}`;
  return `${value.slice(0, 2)}${"*".repeat(Math.max(value.length - 4, 1))}${value.slice(-2)}`;
}

export function fullName(user: User) {
  return [user.firstName, user.lastName].filter(Boolean).join(" ") || null;
}

export function organizationJSON(org: Organization, state: StandInState) {
  const members = state.memberships.filter((m) => m.organizationId === org.id);
  return {
    object: "organization",
    id: org.id,
    name: org.name,
    slug: org.slug,
    image_url: "",
    has_image: false,
    members_count: members.length,
    pending_invitations_count: 0,
    max_allowed_memberships: 0,
    admin_delete_enabled: false,
    public_metadata: {},
    created_at: org.createdAt,
    updated_at: org.createdAt,
  };
}

/** Permissions Clerk's default roles grant (only used for display/has()). */
function permissionsFor(role: string) {
  const base = ["org:sys_memberships:read"];
  if (role !== "org:admin") return base;
  return [
    ...base,
    "org:sys_memberships:manage",
    "org:sys_profile:manage",
    "org:sys_profile:delete",
    "org:sys_domains:read",
    "org:sys_domains:manage",
  ];
}

export function membershipJSON(membership: Membership, state: StandInState) {
  const org = state.organizations.get(membership.organizationId);
  if (!org) return null;
  return {
    object: "organization_membership",
    id: membership.id,
    organization: organizationJSON(org, state),
    permissions: permissionsFor(membership.role),
    public_metadata: {},
    role: membership.role,
    role_name: membership.role === "org:admin" ? "Admin" : "Member",
    created_at: membership.createdAt,
    updated_at: membership.createdAt,
  };
}

/** Clerk's EmailAddressJSON; `verification` is null until a code is asked for. */
export function emailAddressJSON(address: EmailAddress) {
  return {
    object: "email_address",
    id: address.id,
    email_address: address.email,
    verification:
      address.verifiedAt !== null
        ? verified("email_code", address.verifiedAt)
        : codeVerificationJSON(address.verification),
    linked_to: [],
    matches_sso_connection: false,
    reserved: false,
    created_at: address.createdAt,
    updated_at: address.updatedAt,
  };
}

/** The user's profile image URL, "" without one (as Clerk's default). */
export function userImageUrl(user: User, ctx: UserContext) {
  return user.imageId ? imageUrl(ctx.publicOrigin, user.imageId) : "";
}

export function userJSON(user: User, ctx: UserContext) {
  const state = ctx.state;
  const image = userImageUrl(user, ctx);
  const phone = user.phone
    ? {
        object: "phone_number",
        id: phoneId(user),
        phone_number: user.phone,
        reserved_for_second_factor: false,
        default_second_factor: false,
        verification: verified("phone_code", user.createdAt),
        linked_to: [],
        reserved: false,
        backup_codes: null,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      }
    : null;
  return {
    object: "user",
    id: user.id,
    external_id: null,
    primary_email_address_id: emailId(user),
    primary_phone_number_id: phone?.id ?? null,
    primary_web3_wallet_id: null,
    username: null,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: image,
    has_image: image !== "",
    profile_image_id: user.imageId ?? "",
    email_addresses: emailsOf(user).map(emailAddressJSON),
    phone_numbers: phone ? [phone] : [],
    web3_wallets: [],
    external_accounts: [],
    enterprise_accounts: [],
    passkeys: [],
    saml_accounts: [],
    organization_memberships: state
      .membershipsOf(user.id)
      .map((m) => membershipJSON(m, state))
      .filter((m) => m !== null),
    password_enabled: user.passwordHash !== null,
    totp_enabled: false,
    backup_code_enabled: false,
    two_factor_enabled: false,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    last_sign_in_at: user.lastSignInAt,
    create_organization_enabled: false,
    create_organizations_limit: null,
    delete_self_enabled: false,
    legal_accepted_at: null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

function publicUserData(user: User, ctx: UserContext) {
  const image = userImageUrl(user, ctx);
  return {
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: image,
    has_image: image !== "",
    identifier: user.email,
    user_id: user.id,
  };
}

export function sessionJSON(session: Session, ctx: ResourceContext) {
  const user = ctx.state.users.get(session.userId);
  if (!user) return null;
  const jwt = session.status === "active" ? ctx.lastActiveToken(session) : null;
  const firstFactorAge = Math.max(
    0,
    Math.floor((ctx.now() - session.createdAt) / 60_000),
  );
  return {
    object: "session",
    id: session.id,
    status: session.status,
    expire_at: sessionExpireAt(session),
    abandon_at: sessionAbandonAt(session),
    last_active_at: session.lastActiveAt,
    last_active_organization_id: session.lastActiveOrganizationId,
    actor: null,
    tasks: null,
    factor_verification_age: [firstFactorAge, -1],
    last_active_token: jwt ? { object: "token", jwt } : null,
    user: userJSON(user, ctx),
    public_user_data: publicUserData(user, ctx),
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/**
 * The first factors a user has: password first (the instance's preferred
 * strategy), then a code to each verified email address (the primary one
 * first), then one to the phone number.
 */
function firstFactors(user: User, typed: string | null) {
  const factors: Record<string, unknown>[] = [];
  if (user.passwordHash) factors.push({ strategy: "password" });
  const primary = emailId(user);
  const addresses = emailsOf(user)
    .filter((e) => e.verifiedAt !== null)
    .sort((a, b) => Number(b.id === primary) - Number(a.id === primary));
  for (const address of addresses)
    factors.push({
      strategy: "email_code",
      email_address_id: address.id,
      safe_identifier: safeIdentifier(address.email, typed),
      primary: address.id === primary,
    });
  if (user.phone)
    factors.push({
      strategy: "phone_code",
      phone_number_id: phoneId(user),
      safe_identifier: safeIdentifier(user.phone, typed),
      primary: true,
      default: false,
    });
  return factors;
}

export function signInJSON(signIn: SignIn, ctx: ResourceContext) {
  const user = signIn.userId ? ctx.state.users.get(signIn.userId) : undefined;
  const factors =
    user && signIn.status !== "complete"
      ? firstFactors(user, signIn.identifier)
      : [];
  return {
    object: "sign_in",
    id: signIn.id,
    status: signIn.status,
    identifier: signIn.identifier,
    supported_identifiers: ["email_address", "phone_number"],
    supported_first_factors: factors,
    supported_second_factors: null,
    first_factor_verification:
      signIn.status === "complete"
        ? verified(signIn.completedWith ?? "password", signIn.createdAt)
        : codeVerificationJSON(signIn.firstFactor),
    second_factor_verification: null,
    created_session_id: signIn.createdSessionId,
    user_data: user
      ? {
          first_name: user.firstName,
          last_name: user.lastName,
          image_url: userImageUrl(user, ctx),
          has_image: !!user.imageId,
        }
      : null,
    abandon_at: signIn.createdAt + DAY_MS,
  };
}

/** Sign-ups need an email address and a password; a phone number is optional. */
export const SIGN_UP_REQUIRED = ["email_address", "password"] as const;

function signUpVerificationJSON(
  value: string | null,
  verification: SignUp["emailVerification"],
  strategy: string,
) {
  if (value === null) return null;
  const json = codeVerificationJSON(verification) ?? {
    object: "verification",
    status: "unverified",
    strategy: null,
    attempts: null,
    expire_at: null,
    error: null,
    verified_at_client: null,
  };
  return {
    ...json,
    next_action:
      json.status === "verified"
        ? ""
        : verification
          ? "needs_attempt"
          : "needs_prepare",
    supported_strategies: [strategy],
  };
}

/** `createdUserId`/`createdSessionId` are set on the answer that completes it. */
export function signUpJSON(
  signUp: SignUp,
  created: { userId: string; sessionId: string } | null = null,
) {
  const present = {
    email_address: signUp.emailAddress !== null,
    password: signUp.passwordHash !== null,
  };
  const unverified: string[] = [];
  if (signUp.emailAddress && signUp.emailVerification?.status !== "verified")
    unverified.push("email_address");
  if (signUp.phoneNumber && signUp.phoneVerification?.status !== "verified")
    unverified.push("phone_number");
  return {
    object: "sign_up",
    id: signUp.id,
    status: created ? "complete" : "missing_requirements",
    required_fields: [...SIGN_UP_REQUIRED],
    optional_fields: ["first_name", "last_name", "phone_number"],
    missing_fields: SIGN_UP_REQUIRED.filter((field) => !present[field]),
    unverified_fields: created ? [] : unverified,
    verifications: {
      email_address: signUpVerificationJSON(
        signUp.emailAddress,
        signUp.emailVerification,
        "email_code",
      ),
      phone_number: signUpVerificationJSON(
        signUp.phoneNumber,
        signUp.phoneVerification,
        "phone_code",
      ),
      web3_wallet: null,
      external_account: null,
    },
    username: null,
    first_name: signUp.firstName,
    last_name: signUp.lastName,
    email_address: signUp.emailAddress,
    phone_number: signUp.phoneNumber,
    web3_wallet: null,
    external_account_strategy: null,
    external_account: null,
    has_password: signUp.passwordHash !== null,
    unsafe_metadata: {},
    created_session_id: created?.sessionId ?? null,
    created_user_id: created?.userId ?? null,
    abandon_at: signUp.createdAt + DAY_MS,
    legal_accepted_at: null,
    locale: null,
  };
}

export function clientJSON(client: Client, ctx: ResourceContext) {
  const signIn = client.signInId
    ? ctx.state.signIns.get(client.signInId)
    : undefined;
  const signUp = client.signUpId
    ? ctx.state.signUps.get(client.signUpId)
    : undefined;
  // Only active sessions are listed: clerk-js treats any listed one as usable.
  const sessions = ctx.state
    .activeSessions(client)
    .map((s) => sessionJSON(s, ctx))
    .filter((s) => s !== null);
  return {
    object: "client",
    id: client.id,
    sessions,
    sign_in: signIn ? signInJSON(signIn, ctx) : null,
    sign_up: signUp ? signUpJSON(signUp) : null,
    last_active_session_id: sessions.length ? client.lastActiveSessionId : null,
    last_authentication_strategy: null,
    captcha_bypass: false,
    cookie_expires_at: client.createdAt + 365 * DAY_MS,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}

/** Browser name and version from a User-Agent, as the active-devices list shows them. */
function browserOf(userAgent: string) {
  const patterns: [string, RegExp][] = [
    ["Edge", /Edg(?:e|A|iOS)?\/([\d.]+)/],
    ["Opera", /OPR\/([\d.]+)/],
    ["Firefox", /Firefox\/([\d.]+)/],
    ["Chrome", /(?:Chrome|CriOS)\/([\d.]+)/],
    ["Safari", /Version\/([\d.]+).*Safari\//],
    ["jsdom", /jsdom\/([\d.]+)/],
    ["Node.js", /^node$|undici/],
  ];
  for (const [name, pattern] of patterns) {
    const match = pattern.exec(userAgent);
    if (match) return { name, version: match[1] ?? "" };
  }
  return { name: "", version: "" };
}

/**
 * Clerk's SessionWithActivitiesJSON (the active-devices list). The activity
 * is the browser that signed in; there is no location on this machine.
 */
export function sessionWithActivitiesJSON(session: Session) {
  const userAgent = session.userAgent ?? "";
  const browser = browserOf(userAgent);
  return {
    object: "session",
    id: session.id,
    status: session.status,
    expire_at: sessionExpireAt(session),
    abandon_at: sessionAbandonAt(session),
    last_active_at: session.lastActiveAt,
    latest_activity: {
      object: "session_activity",
      id: `sess_activity_${session.id.replace(/^sess_/, "")}`,
      browser_name: browser.name,
      browser_version: browser.version,
      device_type: "",
      ip_address: session.ipAddress ?? "",
      city: "",
      country: "",
      is_mobile: /Mobi|Android|iPhone|iPad/.test(userAgent),
    },
    actor: null,
  };
}
