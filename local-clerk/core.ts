import { createHash } from "node:crypto";
import { shiftedNow } from "./clock";
import { Faults } from "./faults";
import type { SigningKey } from "./keys";
import type { ImageStore } from "./profileImages";
import { clientJSON, sessionJSON, type ResourceContext } from "./resources";
import type { Settings } from "./settings";
import type { Client, Session, StandInState } from "./state";
import { TestingTokens } from "./testingTokens";
import { TokenMinter } from "./tokens";

export type UnhandledRequest = { method: string; path: string; at: string };

/** How long a handshake nonce can be exchanged for its cookies. */
const NONCE_TTL_MS = 120_000;
const MAX_NONCES = 1000;
const MAX_UNHANDLED = 500;
/** A piggybacked token with less left than this is re-minted. */
const MIN_REMAINING_SECONDS = 10;

export type CoreConfig = {
  state: StandInState;
  signingKey: SigningKey;
  settings: Settings;
  issuer: string;
  /** The browser-facing origin (hosted pages, images). */
  publicOrigin: string;
  /** Paths of the scripts the hosted pages load; no UI script for clerk-js 5. */
  pageBundles: { clerkJs: string; clerkUi: string | null };
  /** Profile images. */
  images: ImageStore;
  publishableKey: string;
  secretKey: string;
  adminKey: string;
};

/** Everything the FAPI, BAPI, handshake and admin routes share. */
export class StandInCore implements ResourceContext {
  readonly state: StandInState;
  readonly signingKey: SigningKey;
  readonly issuer: string;
  readonly publicOrigin: string;
  readonly pageBundles: CoreConfig["pageBundles"];
  readonly images: ImageStore;
  readonly publishableKey: string;
  readonly secretKey: string;
  readonly adminKey: string;
  /** base64url(sha1(publishable key))[0..8], as clerk-js and @clerk/backend compute it. */
  readonly cookieSuffix: string;
  settings: Settings;
  minter!: TokenMinter;
  readonly faults = new Faults();
  readonly testingTokens: TestingTokens;
  readonly unhandled: UnhandledRequest[] = [];
  unhandledCount = 0;
  private readonly nonces = new Map<
    string,
    { directives: string[]; expiresAt: number }
  >();

  private constructor(config: CoreConfig) {
    this.state = config.state;
    this.signingKey = config.signingKey;
    this.settings = config.settings;
    this.issuer = config.issuer;
    this.publicOrigin = config.publicOrigin;
    this.pageBundles = config.pageBundles;
    this.images = config.images;
    this.publishableKey = config.publishableKey;
    this.secretKey = config.secretKey;
    this.adminKey = config.adminKey;
    this.testingTokens = new TestingTokens(config.secretKey, this.now);
    this.cookieSuffix = createHash("sha1")
      .update(config.publishableKey)
      .digest("base64url")
      .slice(0, 8);
  }

  static async create(config: CoreConfig) {
    const core = new StandInCore(config);
    core.minter = await TokenMinter.create(
      config.signingKey,
      config.issuer,
      config.state,
      () => core.settings,
      core.now,
    );
    return core;
  }

  /** Milliseconds, shifted by the configured clock offset. */
  now = () => shiftedNow(this.settings.clockOffsetSeconds);

  updateSettings(settings: Settings) {
    this.settings = settings;
    // Piggybacked tokens carry the old lifetime/audience; make fresh ones.
    for (const session of this.state.sessions.values())
      session.lastToken = null;
    this.state.changed();
  }

  lastActiveToken = (session: Session) => session.lastToken?.jwt ?? null;

  /**
   * Re-mints a session's piggybacked `last_active_token` when it is missing,
   * nearly expired, for another organization, or older than the client's
   * `updated_at`. clerk-js copies updated_at into `__client_uat`, and
   * @clerk/backend treats a token whose iat is below it as stale.
   */
  async freshenLastToken(session: Session, client: Client | undefined) {
    if (session.status !== "active") return;
    const clientUat = client ? Math.floor(client.updatedAt / 1000) : 0;
    const nowSeconds = Math.floor(this.now() / 1000);
    const token = session.lastToken;
    if (
      token &&
      token.iat >= clientUat &&
      token.orgId === session.lastActiveOrganizationId &&
      token.exp - nowSeconds >= MIN_REMAINING_SECONDS &&
      token.iat <= nowSeconds
    )
      return;
    const minted = await this.minter.sessionToken(session, {
      minIat: clientUat,
    });
    session.lastToken = { ...minted, orgId: session.lastActiveOrganizationId };
    this.state.changed();
  }

  async clientResource(client: Client) {
    for (const session of this.state.activeSessions(client))
      await this.freshenLastToken(session, client);
    return clientJSON(client, this);
  }

  async sessionResource(session: Session) {
    await this.freshenLastToken(
      session,
      this.state.clients.get(session.clientId),
    );
    return sessionJSON(session, this);
  }

  recordUnhandled(method: string, path: string) {
    this.unhandledCount += 1;
    if (this.unhandled.length >= MAX_UNHANDLED) this.unhandled.shift();
    this.unhandled.push({
      method,
      path: path.slice(0, 300),
      at: new Date().toISOString(),
    });
  }

  saveNonce(nonce: string, directives: string[]) {
    const t = this.now();
    for (const [key, entry] of this.nonces)
      if (entry.expiresAt < t) this.nonces.delete(key);
    if (this.nonces.size >= MAX_NONCES) {
      const oldest = this.nonces.keys().next().value;
      if (oldest !== undefined) this.nonces.delete(oldest);
    }
    this.nonces.set(nonce, { directives, expiresAt: t + NONCE_TTL_MS });
  }

  nonceDirectives(nonce: string) {
    const entry = this.nonces.get(nonce);
    if (!entry || entry.expiresAt < this.now()) return undefined;
    return entry.directives;
  }
}
