import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CodeVerification } from "./codes";
import { writeFileAtomically } from "./files";
import { convexTemplate, type JwtTemplate } from "./jwtTemplates";
import { hashPassword } from "./passwords";
import { PRESET_ORGANIZATIONS, PRESET_PASSWORD, PRESET_USERS } from "./presets";

export type User = {
  id: string;
  /** The primary email address (kept in step with `emails`). */
  email: string;
  /**
   * Every email address, the primary one included; older state files and
   * users who never added one lack it: then `email` alone, verified.
   */
  emails?: EmailAddress[];
  /** The primary address's id; absent with `emails`. */
  primaryEmailId?: string;
  /** The profile image (images.ts), if one was uploaded. */
  imageId?: string | null;
  /** E.164; older state files lack it. */
  phone?: string | null;
  firstName: string | null;
  lastName: string | null;
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
};

/** One email address of a user; verified once `verifiedAt` is set. */
export type EmailAddress = {
  id: string;
  email: string;
  /** The code sent to it, while it is being verified. */
  verification: CodeVerification | null;
  verifiedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

/** Most email addresses one user may have. */
export const MAX_EMAILS_PER_USER = 10;

/** The id of a user's first address, derived so that older state files keep theirs. */
function firstEmailId(user: User) {
  return `idn_${user.id.replace(/^user_/, "")}`;
}

/** A user's email addresses, the primary one first when nothing was added. */
export function emailsOf(user: User): EmailAddress[] {
  return (
    user.emails ?? [
      {
        id: firstEmailId(user),
        email: user.email,
        verification: null,
        verifiedAt: user.createdAt,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
      },
    ]
  );
}

export function primaryEmailId(user: User) {
  return user.primaryEmailId ?? firstEmailId(user);
}

/** The verified address `email` (any case) of this user, if any. */
export function verifiedEmail(user: User, email: string) {
  const wanted = email.trim().toLowerCase();
  return emailsOf(user).find(
    (e) => e.verifiedAt !== null && e.email.toLowerCase() === wanted,
  );
}

export type Organization = {
  id: string;
  name: string;
  slug: string;
  createdAt: number;
};

export type Membership = {
  id: string;
  organizationId: string;
  userId: string;
  role: string;
  createdAt: number;
};

export type Client = {
  id: string;
  /** Active session ids, newest last. */
  sessionIds: string[];
  signInId: string | null;
  /** The sign-up in progress; older state files lack it. */
  signUpId?: string | null;
  lastActiveSessionId: string | null;
  createdAt: number;
  updatedAt: number;
};

export type SessionStatus =
  | "active"
  | "ended"
  | "removed"
  | "revoked"
  /** Past its maximum lifetime. */
  | "expired"
  /** Inactive for longer than the inactivity timeout. */
  | "abandoned";

/** Clerk's default maximum session lifetime, and how long an idle client is kept. */
export const SESSION_MAX_LIFETIME_MS = 7 * 86_400_000;
export const SESSION_ABANDON_MS = 30 * 86_400_000;

export type Session = {
  id: string;
  clientId: string;
  userId: string;
  status: SessionStatus;
  lastActiveOrganizationId: string | null;
  /** Origin of the app that uses the session: the `azp` claim. */
  azp: string | null;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number;
  /** When the session expires (maximum lifetime); older state files lack it. */
  expireAt?: number;
  /** When the session is abandoned; older state files lack it. */
  abandonAt?: number;
  /** The browser that signed in, for the active-devices list. */
  userAgent?: string | null;
  ipAddress?: string | null;
  /** The session token last piggybacked on a response (see `lastActiveToken`). */
  lastToken: {
    jwt: string;
    iat: number;
    exp: number;
    orgId: string | null;
  } | null;
};

export type SignInStatus =
  "needs_identifier" | "needs_first_factor" | "complete";

export type SignIn = {
  id: string;
  clientId: string;
  identifier: string | null;
  userId: string | null;
  status: SignInStatus;
  createdSessionId: string | null;
  createdAt: number;
  /** The email or SMS code sent for the first factor, if any. */
  firstFactor?: CodeVerification | null;
  /** The strategy that completed the sign-in (password when absent). */
  completedWith?: string;
};

/**
 * A sign-up in progress. The password is kept as a hash only; the user and
 * session exist once every required field is in and every identifier verified.
 */
export type SignUp = SignUpValues & {
  id: string;
  clientId: string;
  createdAt: number;
};

/** What a sign-up collects. */
export type SignUpValues = {
  emailAddress: string | null;
  phoneNumber: string | null;
  passwordHash: string | null;
  firstName: string | null;
  lastName: string | null;
  emailVerification: CodeVerification | null;
  phoneVerification: CodeVerification | null;
};

export function emptySignUpValues(): SignUpValues {
  return {
    emailAddress: null,
    phoneNumber: null,
    passwordHash: null,
    firstName: null,
    lastName: null,
    emailVerification: null,
    phoneVerification: null,
  };
}

export type SignInTicket = {
  id: string;
  token: string;
  userId: string;
  expiresAt: number;
  status: "pending" | "accepted" | "revoked";
  createdAt: number;
};

type Snapshot = {
  format: typeof STATE_FORMAT;
  users: User[];
  organizations: Organization[];
  memberships: Membership[];
  clients: Client[];
  devBrowsers: [string, string][];
  sessions: Session[];
  signIns: SignIn[];
  /** Absent in files written before sign-ups existed. */
  signUps?: SignUp[];
  tickets: SignInTicket[];
  /** Absent in files written before templates were stored: then `convex` is seeded. */
  jwtTemplates?: JwtTemplate[];
};

export const STATE_FORMAT = "local-clerk-state/1";
export const STATE_FILE = "state.json";

/** Upper bounds so a runaway client cannot grow the state without end. */
const LIMITS = { clients: 5000, users: 2000, tickets: 2000 };

export function sessionExpireAt(session: Session) {
  return session.expireAt ?? session.createdAt + SESSION_MAX_LIFETIME_MS;
}

export function sessionAbandonAt(session: Session) {
  return session.abandonAt ?? session.createdAt + SESSION_ABANDON_MS;
}

export function newId(prefix: string) {
  return `${prefix}_${randomBytes(16).toString("base64url").replace(/[-_]/g, "x")}`;
}

/**
 * Users, organizations, browser clients and sessions. Kept in memory; when a
 * file is given every change is saved to it (coalesced, atomically) so a
 * restart keeps people signed in.
 */
export class StandInState {
  users = new Map<string, User>();
  organizations = new Map<string, Organization>();
  memberships: Membership[] = [];
  clients = new Map<string, Client>();
  /** Dev-browser id (what clerk-js sends as __clerk_db_jwt) → client id. */
  devBrowsers = new Map<string, string>();
  sessions = new Map<string, Session>();
  signIns = new Map<string, SignIn>();
  signUps = new Map<string, SignUp>();
  tickets = new Map<string, SignInTicket>();
  /** JWT templates by id. */
  jwtTemplates = new Map<string, JwtTemplate>();
  private pendingSave: NodeJS.Immediate | undefined;

  constructor(
    private readonly file: string | null,
    private readonly now: () => number,
    private readonly log: (line: string) => void = () => {},
  ) {
    const loaded = file && existsSync(file) ? this.load(file) : null;
    // Seeded once; a project that deletes `convex` keeps it deleted across restarts.
    if (!loaded?.jwtTemplates) {
      this.addTemplate(convexTemplate(this.now()));
    }
    this.ensurePresets();
  }

  private load(file: string) {
    let raw: Partial<Snapshot>;
    try {
      raw = JSON.parse(readFileSync(file, "utf8")) as Partial<Snapshot>;
    } catch (error) {
      throw new Error(
        `${file} is not readable JSON (${(error as Error).message}); move it away or delete it`,
      );
    }
    if (raw.format !== STATE_FORMAT)
      throw new Error(
        `${file} is not a local-clerk state file (format ${String(raw.format)}); move it away or delete it`,
      );
    for (const user of raw.users ?? []) this.users.set(user.id, user);
    for (const org of raw.organizations ?? [])
      this.organizations.set(org.id, org);
    this.memberships = raw.memberships ?? [];
    for (const client of raw.clients ?? []) this.clients.set(client.id, client);
    for (const [devBrowser, clientId] of raw.devBrowsers ?? [])
      this.devBrowsers.set(devBrowser, clientId);
    for (const session of raw.sessions ?? [])
      this.sessions.set(session.id, session);
    for (const signIn of raw.signIns ?? []) this.signIns.set(signIn.id, signIn);
    for (const signUp of raw.signUps ?? []) this.signUps.set(signUp.id, signUp);
    for (const ticket of raw.tickets ?? [])
      this.tickets.set(ticket.token, ticket);
    for (const template of raw.jwtTemplates ?? [])
      this.jwtTemplates.set(template.id, template);
    return raw;
  }

  private ensurePresets() {
    const t = this.now();
    let changed = false;
    for (const preset of PRESET_USERS) {
      if (this.users.has(preset.id)) continue;
      this.users.set(preset.id, {
        ...preset,
        passwordHash: hashPassword(PRESET_PASSWORD),
        createdAt: t,
        updatedAt: t,
        lastSignInAt: null,
      });
      changed = true;
    }
    for (const preset of PRESET_ORGANIZATIONS) {
      if (this.organizations.has(preset.id)) continue;
      this.organizations.set(preset.id, {
        id: preset.id,
        name: preset.name,
        slug: preset.slug,
        createdAt: t,
      });
      for (const member of preset.members) {
        this.memberships.push({
          id: `orgmem_${preset.id.slice(4)}_${member.userId.slice(5)}`,
          organizationId: preset.id,
          userId: member.userId,
          role: member.role,
          createdAt: t,
        });
      }
      changed = true;
    }
    if (changed) this.changed();
  }

  /** Marks the state dirty; it is written once per event-loop turn. */
  changed() {
    if (!this.file || this.pendingSave) return;
    this.pendingSave = setImmediate(() => {
      this.pendingSave = undefined;
      try {
        this.save();
      } catch (error) {
        // Keep serving from memory; the next change tries again.
        this.log(
          `[local-clerk] could not save ${this.file}: ${(error as Error).message}`,
        );
      }
    });
  }

  save() {
    if (!this.file) return;
    if (this.pendingSave) {
      clearImmediate(this.pendingSave);
      this.pendingSave = undefined;
    }
    const snapshot: Snapshot = {
      format: STATE_FORMAT,
      users: [...this.users.values()],
      organizations: [...this.organizations.values()],
      memberships: this.memberships,
      clients: [...this.clients.values()],
      devBrowsers: [...this.devBrowsers.entries()],
      sessions: [...this.sessions.values()],
      signIns: [...this.signIns.values()],
      signUps: [...this.signUps.values()],
      tickets: [...this.tickets.values()],
      jwtTemplates: [...this.jwtTemplates.values()],
    };
    writeFileAtomically(this.file, JSON.stringify(snapshot), 0o600);
  }

  // ---- JWT templates -----------------------------------------------------

  templateByName(name: string) {
    for (const template of this.jwtTemplates.values())
      if (template.name === name) return template;
    return undefined;
  }

  addTemplate(template: JwtTemplate) {
    this.jwtTemplates.set(template.id, template);
    this.changed();
  }

  // ---- users -------------------------------------------------------------

  /** The user with this verified email address (any of theirs). */
  userByEmail(email: string) {
    for (const user of this.users.values())
      if (verifiedEmail(user, email)) return user;
    return undefined;
  }

  /** The user's address list, made explicit so it can change. */
  ownEmails(user: User): EmailAddress[] {
    if (!user.emails) {
      user.emails = emailsOf(user);
      user.primaryEmailId = primaryEmailId(user);
    }
    return user.emails;
  }

  /** Active sessions of `userId` on every client. */
  sessionsOfUser(userId: string) {
    return [...this.sessions.values()].filter(
      (s) => s.userId === userId && s.status === "active",
    );
  }

  /** `phone` in E.164. */
  userByPhone(phone: string) {
    for (const user of this.users.values())
      if (user.phone === phone) return user;
    return undefined;
  }

  /**
   * Creates a user, or returns the existing one with that email. Callers
   * check that `phone` (E.164) belongs to nobody else first.
   */
  ensureUser(input: {
    email: string;
    phone?: string | null;
    firstName: string | null;
    lastName: string | null;
    password?: string;
    /** An already hashed password (a sign-up keeps only the hash). */
    passwordHash?: string | null;
  }): { user: User; created: boolean } {
    const existing = this.userByEmail(input.email);
    if (existing) return { user: existing, created: false };
    if (this.users.size >= LIMITS.users)
      throw new Error(`the stand-in holds at most ${LIMITS.users} users`);
    const t = this.now();
    const user: User = {
      id: newId("user"),
      email: input.email.trim(),
      phone: input.phone ?? null,
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash: input.password
        ? hashPassword(input.password)
        : (input.passwordHash ?? null),
      createdAt: t,
      updatedAt: t,
      lastSignInAt: null,
    };
    this.users.set(user.id, user);
    this.changed();
    return { user, created: true };
  }

  /** Adds `userId` to an existing organization (no-op if already a member). */
  joinOrganization(
    userId: string,
    organizationId: string,
    role: Membership["role"],
  ) {
    if (!this.organizations.has(organizationId)) return;
    if (this.membership(userId, organizationId)) return;
    this.memberships.push({
      id: newId("orgmem"),
      organizationId,
      userId,
      role,
      createdAt: this.now(),
    });
    this.changed();
  }

  membershipsOf(userId: string) {
    return this.memberships.filter((m) => m.userId === userId);
  }

  membership(userId: string, organizationId: string) {
    return this.memberships.find(
      (m) => m.userId === userId && m.organizationId === organizationId,
    );
  }

  // ---- clients and dev browsers -----------------------------------------

  createDevBrowser(): { devBrowser: string; client: Client } {
    const client = this.createClient();
    const devBrowser = `dvb_${randomBytes(24).toString("base64url")}`;
    this.devBrowsers.set(devBrowser, client.id);
    this.changed();
    return { devBrowser, client };
  }

  clientForDevBrowser(devBrowser: string) {
    const id = this.devBrowsers.get(devBrowser);
    return id ? this.clients.get(id) : undefined;
  }

  private createClient(): Client {
    this.pruneClients();
    const t = this.now();
    const client: Client = {
      id: newId("client"),
      sessionIds: [],
      signInId: null,
      lastActiveSessionId: null,
      createdAt: t,
      updatedAt: t,
    };
    this.clients.set(client.id, client);
    return client;
  }

  /** Drops the oldest signed-out clients once the limit is reached. */
  private pruneClients() {
    if (this.clients.size < LIMITS.clients) return;
    const idle = [...this.clients.values()]
      .filter((c) => c.sessionIds.length === 0)
      .sort((a, b) => a.updatedAt - b.updatedAt);
    for (const client of idle.slice(0, Math.ceil(LIMITS.clients / 10))) {
      this.clients.delete(client.id);
      if (client.signInId) this.signIns.delete(client.signInId);
      if (client.signUpId) this.signUps.delete(client.signUpId);
    }
    for (const [devBrowser, clientId] of this.devBrowsers)
      if (!this.clients.has(clientId)) this.devBrowsers.delete(devBrowser);
  }

  /** Bumps updated_at: clerk-js copies it into the __client_uat cookie. */
  touchClient(client: Client) {
    // Never move backwards, even if the clock offset was lowered.
    client.updatedAt = Math.max(this.now(), client.updatedAt + 1);
    this.changed();
  }

  activeSessions(client: Client) {
    return client.sessionIds
      .map((id) => this.sessions.get(id))
      .filter((s): s is Session => s?.status === "active");
  }

  // ---- sessions -----------------------------------------------------------

  /**
   * Starts a session for `userId` on `client` and makes it the active one.
   * In single-session mode (Clerk's default) earlier sessions on this client
   * end; in multi-session mode they stay signed in beside it.
   */
  createSession(
    client: Client,
    userId: string,
    azp: string | null,
    device: { userAgent: string | null; ipAddress: string | null } = {
      userAgent: null,
      ipAddress: null,
    },
    multiSession = false,
  ) {
    if (!multiSession)
      for (const old of this.activeSessions(client))
        this.endSession(old, "ended");
    const t = this.now();
    const session: Session = {
      id: newId("sess"),
      clientId: client.id,
      userId,
      status: "active",
      lastActiveOrganizationId: null,
      azp,
      createdAt: t,
      updatedAt: t,
      lastActiveAt: t,
      expireAt: t + SESSION_MAX_LIFETIME_MS,
      abandonAt: t + SESSION_ABANDON_MS,
      userAgent: device.userAgent,
      ipAddress: device.ipAddress,
      lastToken: null,
    };
    this.sessions.set(session.id, session);
    client.sessionIds = [
      ...this.activeSessions(client).map((s) => s.id),
      session.id,
    ];
    client.lastActiveSessionId = session.id;
    const user = this.users.get(userId);
    if (user) user.lastSignInAt = t;
    this.touchClient(client);
    return session;
  }

  /** Ends active sessions whose expiry or abandonment time has passed on the stand-in's clock. */
  expireDueSessions() {
    const t = this.now();
    for (const session of this.sessions.values()) {
      if (session.status !== "active") continue;
      if (t >= sessionExpireAt(session)) this.endSession(session, "expired");
      else if (t >= sessionAbandonAt(session))
        this.endSession(session, "abandoned");
    }
  }

  endSession(session: Session, status: Exclude<SessionStatus, "active">) {
    session.status = status;
    session.updatedAt = this.now();
    session.lastToken = null;
    const client = this.clients.get(session.clientId);
    if (client) {
      client.sessionIds = client.sessionIds.filter((id) => id !== session.id);
      if (client.lastActiveSessionId === session.id)
        client.lastActiveSessionId = client.sessionIds.at(-1) ?? null;
      this.touchClient(client);
    }
    this.changed();
  }

  // ---- sign-ins and tickets ----------------------------------------------

  startSignIn(
    client: Client,
    identifier: string | null,
    userId: string | null,
  ) {
    if (client.signInId) this.signIns.delete(client.signInId);
    const signIn: SignIn = {
      id: newId("sia"),
      clientId: client.id,
      identifier,
      userId,
      status: identifier ? "needs_first_factor" : "needs_identifier",
      createdSessionId: null,
      createdAt: this.now(),
    };
    this.signIns.set(signIn.id, signIn);
    client.signInId = signIn.id;
    this.touchClient(client);
    return signIn;
  }

  /** A new sign-up for `client`, replacing the one it had. */
  startSignUp(client: Client, values: SignUpValues) {
    if (client.signUpId) this.signUps.delete(client.signUpId);
    const signUp: SignUp = {
      ...values,
      id: newId("sua"),
      clientId: client.id,
      createdAt: this.now(),
    };
    this.signUps.set(signUp.id, signUp);
    client.signUpId = signUp.id;
    this.touchClient(client);
    return signUp;
  }

  /** Forgets the client's sign-up (finished or abandoned). */
  endSignUp(client: Client) {
    if (client.signUpId) this.signUps.delete(client.signUpId);
    client.signUpId = null;
    this.touchClient(client);
  }

  createTicket(userId: string, expiresInSeconds: number) {
    const t = this.now();
    for (const [token, ticket] of this.tickets)
      if (ticket.expiresAt < t || ticket.status !== "pending")
        this.tickets.delete(token);
    if (this.tickets.size >= LIMITS.tickets)
      throw new Error(
        `the stand-in holds at most ${LIMITS.tickets} sign-in tokens`,
      );
    const ticket: SignInTicket = {
      id: newId("sit"),
      token: `tkt_${randomBytes(32).toString("base64url")}`,
      userId,
      expiresAt: t + expiresInSeconds * 1000,
      status: "pending",
      createdAt: t,
    };
    this.tickets.set(ticket.token, ticket);
    this.changed();
    return ticket;
  }

  /** Uses a ticket once; undefined if unknown, used or expired. */
  redeemTicket(token: string) {
    const ticket = this.tickets.get(token);
    if (!ticket || ticket.status !== "pending" || ticket.expiresAt < this.now())
      return undefined;
    ticket.status = "accepted";
    this.changed();
    return ticket;
  }
}

export function stateFile(dataDir: string | null) {
  return dataDir ? path.join(dataDir, STATE_FILE) : null;
}
