import type { WebSocket } from "ws";
import { EXPIRED_IDENTITY_MESSAGE, type TokenVerifier } from "./auth";
import type { Counters } from "./counters";
import type { Engine } from "./engine";
import type { GroupSubscriber, QueryHub } from "./queryHub";
import { checkToken, SocketAuth, type TokenCheck } from "./socketAuth";
import { MAX_QUERIES_PER_SOCKET, SocketQuerySet } from "./socketQuerySet";
import { PING_AFTER_SILENCE_MS, SocketSender } from "./socketSender";
import {
  decodeArgs,
  decodeQuerySetModifications,
  functionResponse,
  parseClientMessage,
  ProtocolError,
  requireInt,
  requireString,
  type ClientMessage,
} from "./syncMessages";
import { TransitionTracker } from "./transitions";
import { encodeTs } from "./wire";
import type { DeploymentClock } from "./clock";

/** Client messages waiting to be handled on one socket before it is closed. */
export const MAX_PENDING_MESSAGES = 4096;

export type SessionDeps = {
  engine: Engine;
  hub: QueryHub;
  verifier: TokenVerifier;
  counters: Counters;
  log: (message: string) => void;
  /** The deployment's clock: every expiry check reads it. */
  clock: DeploymentClock;
  /** Defaults to PING_AFTER_SILENCE_MS; tests shorten it. */
  pingAfterMs?: number;
};

let nextSessionNumber = 1;

/**
 * One client WebSocket: its own versions (query set, identity, ts), its
 * subscriptions and identity. Client messages are handled strictly in order;
 * function executions wait in the hub's work queue, and results come from
 * the shared query groups. A Transition is sent only when every query of the
 * socket is fresh at the engine's current data version, so each one is a
 * consistent snapshot.
 */
export class SyncSession implements GroupSubscriber {
  readonly id = nextSessionNumber++;
  readonly openedAt = Date.now();
  private readonly auth = new SocketAuth();
  private readonly transitions = new TransitionTracker();
  private readonly querySet: SocketQuerySet;
  private readonly sender: SocketSender;
  private clientSessionId: string | null = null;
  private clientClockSkew: number | undefined;
  private chain: Promise<void> = Promise.resolve();
  private pendingMessages = 0;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDeps,
  ) {
    this.querySet = new SocketQuerySet(deps.hub, this, this.id);
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("close", () => this.onClosed());
    ws.on("error", (error) => {
      this.deps.log(`socket ${this.id}: ${error.message}`);
      this.onClosed();
    });
    this.sender = new SocketSender(ws, {
      pingAfterMs: deps.pingAfterMs ?? PING_AFTER_SILENCE_MS,
      onStalled: () => {
        this.deps.log(`socket ${this.id}: client is not reading, dropping it`);
        this.terminate();
      },
    });
  }

  get isOpen() {
    return !this.closed;
  }

  describe() {
    const token = this.auth.token;
    return {
      id: this.id,
      clientSessionId: this.clientSessionId,
      openedAt: new Date(this.openedAt).toISOString(),
      identityVersion: this.transitions.sentIdentityVersion,
      querySetVersion: this.transitions.sentQuerySetVersion,
      subscriptions: this.querySet.size,
      identity: token
        ? {
            subject: token.identity.subject,
            tokenIdentifier: token.identity.tokenIdentifier,
            expiresAt: new Date(token.exp * 1000).toISOString(),
            expired: this.auth.expiredAt(this.deps.clock.now()),
          }
        : null,
    };
  }

  /** Drop without a close frame, like a network failure. */
  terminate() {
    this.ws.terminate();
    this.onClosed();
  }

  private onClosed() {
    if (this.closed) return;
    this.closed = true;
    this.sender.stop();
    this.querySet.release();
    this.deps.counters.socketClosed(this);
  }

  private receive(data: unknown, isBinary: boolean) {
    if (this.closed) return;
    const receivedAt = this.deps.clock.now();
    let message: ClientMessage;
    try {
      message = parseClientMessage(data, isBinary);
    } catch (error) {
      this.protocolError(
        error instanceof ProtocolError ? error.message : "malformed JSON",
      );
      return;
    }
    if (this.pendingMessages >= MAX_PENDING_MESSAGES) {
      this.protocolError("too many messages waiting on one socket");
      return;
    }
    // A token is checked the moment it arrives, never after waiting in line.
    const tokenCheck =
      message.type === "Authenticate" &&
      message.tokenType === "User" &&
      typeof message.value === "string"
        ? checkToken(this.deps.verifier, message.value)
        : null;
    this.pendingMessages += 1;
    this.chain = this.chain.then(async () => {
      this.pendingMessages -= 1;
      if (this.closed) return;
      try {
        await this.handle(message, receivedAt, tokenCheck);
      } catch (error) {
        if (error instanceof ProtocolError) this.protocolError(error.message);
        else {
          this.deps.log(
            `socket ${this.id}: internal error ${(error as Error).stack}`,
          );
          this.closeWith(1011, "InternalServerError");
        }
      }
    });
  }

  private async handle(
    message: ClientMessage,
    receivedAt: number,
    tokenCheck: TokenCheck | null,
  ) {
    switch (message.type) {
      case "Connect":
        this.clientSessionId =
          typeof message.sessionId === "string" ? message.sessionId : null;
        // Positive when the client clock is ahead, as a deployment reports it.
        if (typeof message.clientTs === "number") {
          this.clientClockSkew = message.clientTs - this.deps.clock.now();
        }
        return;
      case "Authenticate":
        return this.authenticate(message, tokenCheck);
      case "ModifyQuerySet":
        return this.modifyQuerySet(message, receivedAt);
      case "Mutation":
        return this.mutation(message, receivedAt);
      case "Action":
        return this.action(message, receivedAt);
      case "Event":
        return;
      default:
        throw new ProtocolError(`unknown message type ${message.type}`);
    }
  }

  private async authenticate(
    message: ClientMessage,
    tokenCheck: TokenCheck | null,
  ) {
    const baseVersion = requireInt(message, "baseVersion");
    const expected = this.transitions.targetIdentityVersion;
    if (baseVersion !== expected) {
      throw new ProtocolError(
        `Authenticate baseVersion ${baseVersion} != identity version ${expected}`,
      );
    }
    if (message.tokenType === "None") {
      // anonymous | authenticated → anonymous
      this.auth.signOut();
    } else if (message.tokenType === "User" && tokenCheck) {
      const checked = await tokenCheck;
      if (this.closed) return;
      if (!checked.ok) {
        // any → rejected (final)
        this.rejectToken(checked.reason, baseVersion);
        return;
      }
      // anonymous | authenticated → authenticated
      this.auth.accept(checked.token);
      this.deps.counters.authAccepted();
    } else {
      // any → rejected (final): a token type a deployment does not take
      this.rejectToken(
        `Unsupported token type ${String(message.tokenType)}`,
        baseVersion,
      );
      return;
    }
    this.transitions.identityChanged();
    this.querySet.rebind(this.auth.identity);
    // Usually the same identity as before (a refreshed token): the groups are
    // fresh and the Transition goes out at once, without waiting in line.
    if (this.flush()) return;
    await this.freshenAndFlush("urgent");
  }

  /** A deployment answers a rejected token with AuthError and closes like an expiry. */
  private rejectToken(reason: string, baseVersion: number) {
    this.auth.reject(reason);
    this.deps.counters.authRejected();
    this.deps.log(`socket ${this.id}: token rejected: ${reason}`);
    this.sender.send({
      type: "AuthError",
      error: reason,
      baseVersion,
      authUpdateAttempted: true,
    });
    this.closeWithoutStatus();
  }

  private async modifyQuerySet(message: ClientMessage, receivedAt: number) {
    const baseVersion = requireInt(message, "baseVersion");
    const newVersion = requireInt(message, "newVersion");
    const expected = this.transitions.targetQuerySetVersion;
    if (baseVersion !== expected || newVersion <= baseVersion) {
      throw new ProtocolError(
        `ModifyQuerySet ${baseVersion}->${newVersion} does not follow query set version ${expected}`,
      );
    }
    const { added, removed } = decodeQuerySetModifications(message);
    if (this.querySet.size + added.length > MAX_QUERIES_PER_SOCKET) {
      throw new ProtocolError(
        `more than ${MAX_QUERIES_PER_SOCKET} queries on one socket`,
      );
    }
    if (this.expiredWork(receivedAt)) return;
    this.querySet.apply(added, removed, this.auth.identity);
    this.transitions.querySetChanged(newVersion, removed);
    if (this.flush()) return;
    await this.freshenAndFlush();
  }

  /** Runs the socket's stale queries in the work queue, then sends what it can. */
  private freshenAndFlush(lane: "urgent" | "normal" = "normal") {
    return this.deps.hub.queue.run(async () => {
      if (this.closed) return;
      await this.deps.hub.freshen(this.querySet.groups());
      if (!this.flush()) this.deps.hub.markDirty(this);
    }, lane);
  }

  private async mutation(message: ClientMessage, receivedAt: number) {
    const requestId = requireInt(message, "requestId");
    const udfPath = requireString(message, "udfPath");
    const args = decodeArgs(message);
    if (this.expiredWork(receivedAt)) return;
    const identity = this.auth.identity;
    await this.deps.hub.queue.run(async () => {
      if (this.closed) return;
      const { engine } = this.deps;
      const result = await engine.run("mutation", udfPath, args, identity);
      this.deps.counters.mutation();
      if (!result.success) {
        this.sender.send(
          functionResponse("MutationResponse", requestId, result),
        );
        return;
      }
      const ts = engine.dataVersion;
      this.sender.send(
        functionResponse("MutationResponse", requestId, result, encodeTs(ts)),
      );
      this.transitions.mutationCommitted(ts);
      this.deps.hub.markDirty(this);
    });
  }

  private async action(message: ClientMessage, receivedAt: number) {
    const requestId = requireInt(message, "requestId");
    const udfPath = requireString(message, "udfPath");
    const args = decodeArgs(message);
    if (this.expiredWork(receivedAt)) return;
    // Actions run beside the socket's queue, as on a deployment, so a slow
    // action does not hold back query updates.
    void this.deps.engine
      .run("action", udfPath, args, this.auth.identity)
      .then((result) =>
        this.sender.send(functionResponse("ActionResponse", requestId, result)),
      );
  }

  /**
   * A deployment notices an expired identity only when the socket has work.
   * It then reports it and closes the socket without running that work.
   * `at` is when the work arrived: time spent in this stand-in's queue never
   * makes a token expire.
   */
  private expiredWork(at: number): boolean {
    // authenticated → expired (final), only when the token has run out
    if (!this.auth.expireIfDue(at)) return false;
    this.deps.counters.authExpired();
    this.deps.log(`socket ${this.id}: identity expired, closing`);
    this.sender.send({
      type: "AuthError",
      error: EXPIRED_IDENTITY_MESSAGE,
      baseVersion: this.transitions.sentIdentityVersion,
      authUpdateAttempted: false,
    });
    this.closeWithoutStatus();
    return true;
  }

  /** Called by the hub after a refresh that may concern this socket. */
  flushDirty(machineRequestedAt: number) {
    if (this.closed) return;
    // The work queue stamps requests with the machine's clock.
    const requestedAt = this.deps.clock.at(machineRequestedAt);
    // Re-runs after a write are work: an identity that had expired when the
    // write landed is reported instead of sending the new results.
    if (
      this.transitions.onlyResultsPending() &&
      this.auth.expiredAt(requestedAt) &&
      this.querySet.allReady() &&
      this.querySet.changed().length > 0
    ) {
      this.expiredWork(requestedAt);
      return;
    }
    if (!this.flush()) this.deps.hub.markDirty(this);
  }

  /**
   * Sends one Transition reaching the engine's current data version if every
   * query of the socket is fresh at it. Returns false when some query still
   * has to run first.
   */
  private flush(): boolean {
    if (this.closed) return true;
    if (!this.querySet.allReady()) return false;
    const text = this.transitions.next(
      this.deps.engine.dataVersion,
      this.querySet.changed(),
      this.clientClockSkew,
    );
    if (text !== null) {
      this.deps.counters.transition();
      this.sender.sendText(text);
    }
    return true;
  }

  private protocolError(reason: string) {
    this.deps.counters.protocolError();
    this.deps.log(`socket ${this.id}: protocol error, closing: ${reason}`);
    this.closeWith(1008, reason.slice(0, 120));
  }

  /** A close frame without a status code: the client sees 1005 and reconnects. */
  private closeWithoutStatus() {
    if (this.closed) return;
    this.ws.close();
    this.onClosed();
  }

  private closeWith(code: number, reason: string) {
    if (this.closed) return;
    this.ws.close(code, reason);
    this.onClosed();
  }
}
