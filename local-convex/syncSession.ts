import type { Value } from "convex/values";
import type { WebSocket } from "ws";
import {
  EXPIRED_IDENTITY_MESSAGE,
  isExpired,
  TokenRejectedError,
  type TokenVerifier,
  type VerifiedToken,
} from "./auth";
import { decodeFunctionArgs, isRecord, RequestError } from "./clientInput";
import type { Counters } from "./counters";
import type { Engine, RunResult } from "./engine";
import type { GroupSubscriber, QueryGroup, QueryHub } from "./queryHub";
import { encodeTs, encodeVersion, type StateVersion } from "./wire";

/** A deployment pings a socket after this much server silence. */
export const PING_AFTER_SILENCE_MS = 15_000;

/** A socket may hold this many subscriptions; more closes it (bounded memory). */
export const MAX_QUERIES_PER_SOCKET = 4096;
/** Client messages waiting to be handled on one socket before it is closed. */
export const MAX_PENDING_MESSAGES = 4096;
/** Unsent bytes a socket may buffer before it is dropped as a stalled reader. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

type Subscription = {
  queryId: number;
  udfPath: string;
  args: Record<string, Value>;
  group: QueryGroup;
  /** The group payload last sent for this query id (sent again only when it changed). */
  sent: string | null;
};

type TokenCheck = Promise<
  { ok: true; token: VerifiedToken } | { ok: false; reason: string }
>;

export type SessionDeps = {
  engine: Engine;
  hub: QueryHub;
  verifier: TokenVerifier;
  counters: Counters;
  log: (message: string) => void;
  /** Defaults to PING_AFTER_SILENCE_MS; tests shorten it. */
  pingAfterMs?: number;
};

export class ProtocolError extends Error {}

function requireInt(message: Record<string, unknown>, field: string): number {
  const value = message[field];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ProtocolError(
      `${String(message.type)}.${field} must be a non-negative integer`,
    );
  }
  return value;
}

function requireString(
  message: Record<string, unknown>,
  field: string,
): string {
  const value = message[field];
  if (typeof value !== "string") {
    throw new ProtocolError(
      `${String(message.type)}.${field} must be a string`,
    );
  }
  return value;
}

/** Function args travel as `[convexToJson(args)]`. */
function decodeArgs(message: Record<string, unknown>): Record<string, Value> {
  const args = message.args;
  if (!Array.isArray(args) || args.length !== 1 || !isRecord(args[0])) {
    throw new ProtocolError(`${String(message.type)}.args must be [object]`);
  }
  try {
    return decodeFunctionArgs(args[0]);
  } catch (error) {
    if (error instanceof RequestError) throw new ProtocolError(error.message);
    throw error;
  }
}

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
  private version: StateVersion = { querySet: 0, identity: 0, ts: 0n };
  /** Versions the next Transition must reach. */
  private target = { querySet: 0, identity: 0 };
  private removedPending: number[] = [];
  /** A successful mutation's ts that a Transition must still reach. */
  private needTs = 0n;
  private readonly queries = new Map<number, Subscription>();
  private token: VerifiedToken | null = null;
  private clientSessionId: string | null = null;
  private clientClockSkew: number | undefined;
  private chain: Promise<void> = Promise.resolve();
  private pendingMessages = 0;
  private closed = false;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDeps,
  ) {
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("close", () => this.onClosed());
    ws.on("error", (error) => {
      this.deps.log(`socket ${this.id}: ${error.message}`);
      this.onClosed();
    });
    this.schedulePing();
  }

  get isOpen() {
    return !this.closed;
  }

  describe() {
    return {
      id: this.id,
      clientSessionId: this.clientSessionId,
      openedAt: new Date(this.openedAt).toISOString(),
      identityVersion: this.version.identity,
      querySetVersion: this.version.querySet,
      subscriptions: this.queries.size,
      identity: this.token
        ? {
            subject: this.token.identity.subject,
            tokenIdentifier: this.token.identity.tokenIdentifier,
            expiresAt: new Date(this.token.exp * 1000).toISOString(),
            expired: isExpired(this.token),
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
    clearTimeout(this.pingTimer);
    for (const subscription of this.queries.values()) {
      this.deps.hub.unsubscribe(subscription.group, this);
    }
    this.queries.clear();
    this.deps.counters.socketClosed(this);
  }

  private receive(data: unknown, isBinary: boolean) {
    if (this.closed) return;
    const receivedAt = Date.now();
    let message: unknown;
    try {
      if (isBinary) throw new ProtocolError("binary frames are not supported");
      message = JSON.parse(String(data));
      if (!isRecord(message) || typeof message.type !== "string") {
        throw new ProtocolError("message is not an object with a type");
      }
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
    const parsed = message;
    // A token is checked the moment it arrives, never after waiting in line,
    // so a token that was valid on arrival is not rejected as expired.
    const tokenCheck =
      parsed.type === "Authenticate" &&
      parsed.tokenType === "User" &&
      typeof parsed.value === "string"
        ? this.checkToken(parsed.value)
        : null;
    this.pendingMessages += 1;
    this.chain = this.chain.then(async () => {
      this.pendingMessages -= 1;
      if (this.closed) return;
      try {
        await this.handle(parsed, receivedAt, tokenCheck);
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

  private checkToken(value: string): TokenCheck {
    return this.deps.verifier.verify(value).then(
      (token) => ({ ok: true as const, token }),
      (error: unknown) => ({
        ok: false as const,
        reason:
          error instanceof TokenRejectedError
            ? error.message
            : `token check failed: ${(error as Error).message}`,
      }),
    );
  }

  private async handle(
    message: Record<string, unknown>,
    receivedAt: number,
    tokenCheck: TokenCheck | null,
  ) {
    switch (message.type) {
      case "Connect":
        this.clientSessionId =
          typeof message.sessionId === "string" ? message.sessionId : null;
        // Positive when the client clock is ahead, as a deployment reports it.
        if (typeof message.clientTs === "number") {
          this.clientClockSkew = message.clientTs - Date.now();
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
        throw new ProtocolError(`unknown message type ${String(message.type)}`);
    }
  }

  private async authenticate(
    message: Record<string, unknown>,
    tokenCheck: TokenCheck | null,
  ) {
    const baseVersion = requireInt(message, "baseVersion");
    if (baseVersion !== this.target.identity) {
      throw new ProtocolError(
        `Authenticate baseVersion ${baseVersion} != identity version ${this.target.identity}`,
      );
    }
    if (message.tokenType === "None") {
      this.token = null;
    } else if (message.tokenType === "User" && tokenCheck) {
      const checked = await tokenCheck;
      if (this.closed) return;
      if (!checked.ok) {
        this.rejectToken(checked.reason, baseVersion);
        return;
      }
      this.token = checked.token;
      this.deps.counters.authAccepted();
    } else {
      this.rejectToken(
        `Unsupported token type ${String(message.tokenType)}`,
        baseVersion,
      );
      return;
    }
    this.target.identity += 1;
    this.rebind();
    // Usually the same identity as before (a refreshed token): the groups are
    // fresh and the Transition goes out at once, without waiting in line.
    if (this.flush()) return;
    await this.deps.hub.queue.run(async () => {
      if (this.closed) return;
      await this.deps.hub.freshen(this.groups());
      if (!this.flush()) this.deps.hub.markDirty(this);
    }, "urgent");
  }

  /** A deployment answers a rejected token with AuthError and closes like an expiry. */
  private rejectToken(reason: string, baseVersion: number) {
    this.deps.counters.authRejected();
    this.deps.log(`socket ${this.id}: token rejected: ${reason}`);
    this.send({
      type: "AuthError",
      error: reason,
      baseVersion,
      authUpdateAttempted: true,
    });
    this.closeWithoutStatus();
  }

  /** Points every subscription at the group for the current identity. */
  private rebind() {
    const identity = this.token?.identity ?? null;
    for (const subscription of this.queries.values()) {
      const group = this.deps.hub.group(
        subscription.udfPath,
        subscription.args,
        identity,
        this.id,
      );
      if (group === subscription.group) continue;
      this.deps.hub.subscribe(group, this);
      this.deps.hub.unsubscribe(subscription.group, this);
      subscription.group = group;
    }
  }

  private groups(): QueryGroup[] {
    return [...this.queries.values()].map((subscription) => subscription.group);
  }

  private async modifyQuerySet(
    message: Record<string, unknown>,
    receivedAt: number,
  ) {
    const baseVersion = requireInt(message, "baseVersion");
    const newVersion = requireInt(message, "newVersion");
    if (baseVersion !== this.target.querySet || newVersion <= baseVersion) {
      throw new ProtocolError(
        `ModifyQuerySet ${baseVersion}->${newVersion} does not follow query set version ${this.target.querySet}`,
      );
    }
    const modifications = message.modifications;
    if (!Array.isArray(modifications)) {
      throw new ProtocolError("ModifyQuerySet.modifications must be an array");
    }
    const added: Array<{
      queryId: number;
      udfPath: string;
      args: Record<string, Value>;
    }> = [];
    const removed: number[] = [];
    for (const modification of modifications) {
      if (!isRecord(modification)) throw new ProtocolError("bad modification");
      const queryId = requireInt(modification, "queryId");
      if (modification.type === "Add") {
        const udfPath = requireString(modification, "udfPath");
        added.push({ queryId, udfPath, args: decodeArgs(modification) });
      } else if (modification.type === "Remove") {
        removed.push(queryId);
      } else {
        throw new ProtocolError(
          `unknown query set modification ${String(modification.type)}`,
        );
      }
    }
    if (this.queries.size + added.length > MAX_QUERIES_PER_SOCKET) {
      throw new ProtocolError(
        `more than ${MAX_QUERIES_PER_SOCKET} queries on one socket`,
      );
    }
    if (this.expiredWork(receivedAt)) return;
    const identity = this.token?.identity ?? null;
    for (const queryId of removed) {
      const subscription = this.queries.get(queryId);
      if (!subscription) continue;
      this.queries.delete(queryId);
      this.deps.hub.unsubscribe(subscription.group, this);
    }
    for (const { queryId, udfPath, args } of added) {
      const previous = this.queries.get(queryId);
      if (previous) this.deps.hub.unsubscribe(previous.group, this);
      const group = this.deps.hub.group(udfPath, args, identity, this.id);
      this.deps.hub.subscribe(group, this);
      this.queries.set(queryId, { queryId, udfPath, args, group, sent: null });
    }
    this.target.querySet = newVersion;
    this.removedPending.push(...removed);
    if (this.flush()) return;
    await this.deps.hub.queue.run(async () => {
      if (this.closed) return;
      await this.deps.hub.freshen(this.groups());
      if (!this.flush()) this.deps.hub.markDirty(this);
    });
  }

  private async mutation(message: Record<string, unknown>, receivedAt: number) {
    const requestId = requireInt(message, "requestId");
    const udfPath = requireString(message, "udfPath");
    const args = decodeArgs(message);
    if (this.expiredWork(receivedAt)) return;
    const identity = this.token?.identity ?? null;
    await this.deps.hub.queue.run(async () => {
      if (this.closed) return;
      const result = await this.deps.engine.run(
        "mutation",
        udfPath,
        args,
        identity,
      );
      this.deps.counters.mutation();
      if (result.success) {
        const ts = this.deps.engine.dataVersion;
        this.send({
          type: "MutationResponse",
          requestId,
          success: true,
          result: result.value,
          ts: encodeTs(ts),
          logLines: result.logLines,
        });
        // The client resolves the mutation only on a Transition reaching its ts.
        if (ts > this.needTs) this.needTs = ts;
        this.deps.hub.markDirty(this);
      } else {
        this.send({
          type: "MutationResponse",
          requestId,
          success: false,
          result: result.errorMessage,
          logLines: result.logLines,
          ...(result.errorData !== undefined
            ? { errorData: result.errorData }
            : {}),
        });
      }
    });
  }

  private async action(message: Record<string, unknown>, receivedAt: number) {
    const requestId = requireInt(message, "requestId");
    const udfPath = requireString(message, "udfPath");
    const args = decodeArgs(message);
    if (this.expiredWork(receivedAt)) return;
    // Actions run beside the socket's queue, as on a deployment, so a slow
    // action does not hold back query updates.
    void this.deps.engine
      .run("action", udfPath, args, this.token?.identity ?? null)
      .then((result: RunResult) => {
        this.send(
          result.success
            ? {
                type: "ActionResponse",
                requestId,
                success: true,
                result: result.value,
                logLines: result.logLines,
              }
            : {
                type: "ActionResponse",
                requestId,
                success: false,
                result: result.errorMessage,
                logLines: result.logLines,
                ...(result.errorData !== undefined
                  ? { errorData: result.errorData }
                  : {}),
              },
        );
      });
  }

  /**
   * A deployment notices an expired identity only when the socket has work.
   * It then reports it and closes the socket without running that work.
   * `at` is when the work arrived: time spent in this backend's queue never
   * makes a token expire.
   */
  private expiredWork(at: number): boolean {
    if (this.token === null || !isExpired(this.token, at)) return false;
    this.deps.counters.authExpired();
    this.deps.log(`socket ${this.id}: identity expired, closing`);
    this.send({
      type: "AuthError",
      error: EXPIRED_IDENTITY_MESSAGE,
      baseVersion: this.version.identity,
      authUpdateAttempted: false,
    });
    this.closeWithoutStatus();
    return true;
  }

  /** Called by the hub after a refresh that may concern this socket. */
  flushDirty(requestedAt: number) {
    if (this.closed) return;
    const onlyResults =
      this.target.querySet === this.version.querySet &&
      this.target.identity === this.version.identity &&
      this.removedPending.length === 0 &&
      this.needTs <= this.version.ts;
    // Re-runs after a write are work: an identity that had expired when the
    // write landed is reported instead of sending the new results.
    if (
      onlyResults &&
      this.token !== null &&
      isExpired(this.token, requestedAt) &&
      this.allReady() &&
      this.changed().length > 0
    ) {
      this.expiredWork(requestedAt);
      return;
    }
    if (!this.flush()) this.deps.hub.markDirty(this);
  }

  private allReady(): boolean {
    for (const subscription of this.queries.values()) {
      if (!subscription.group.ready) return false;
    }
    return true;
  }

  private changed(): Subscription[] {
    const changed: Subscription[] = [];
    for (const subscription of this.queries.values()) {
      if (subscription.sent !== subscription.group.payload) {
        changed.push(subscription);
      }
    }
    return changed;
  }

  /**
   * Sends one Transition reaching the engine's current data version if every
   * query of the socket is fresh at it. Returns false when some query still
   * has to run first.
   */
  private flush(): boolean {
    if (this.closed) return true;
    if (!this.allReady()) return false;
    const ts = this.deps.engine.dataVersion;
    const changed = this.changed();
    const start = this.version;
    const end: StateVersion = {
      querySet: this.target.querySet,
      identity: this.target.identity,
      ts: ts > start.ts ? ts : start.ts,
    };
    const versionsMoved =
      end.querySet !== start.querySet ||
      end.identity !== start.identity ||
      this.needTs > start.ts;
    if (
      changed.length === 0 &&
      this.removedPending.length === 0 &&
      !versionsMoved
    ) {
      return true;
    }
    const modifications: string[] = [];
    for (const subscription of changed) {
      const { group } = subscription;
      // The payload is serialized once per result and spliced in for every socket.
      modifications.push(
        `{"type":"${group.failed ? "QueryFailed" : "QueryUpdated"}","queryId":${subscription.queryId},${group.payload.slice(1, -1)},"journal":null}`,
      );
      subscription.sent = group.payload;
    }
    for (const queryId of this.removedPending) {
      modifications.push(`{"type":"QueryRemoved","queryId":${queryId}}`);
    }
    this.removedPending = [];
    this.version = end;
    if (this.needTs <= end.ts) this.needTs = 0n;
    this.deps.counters.transition();
    const skew =
      this.clientClockSkew !== undefined
        ? `,"clientClockSkew":${this.clientClockSkew}`
        : "";
    this.sendText(
      `{"type":"Transition","startVersion":${JSON.stringify(encodeVersion(start))},"endVersion":${JSON.stringify(encodeVersion(end))},"modifications":[${modifications.join(",")}]${skew},"serverTs":${Date.now() * 1_000_000}}`,
    );
    return true;
  }

  private send(message: Record<string, unknown>) {
    this.sendText(JSON.stringify(message));
  }

  private sendText(text: string) {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.deps.log(`socket ${this.id}: client is not reading, dropping it`);
      this.terminate();
      return;
    }
    this.ws.send(text);
    this.schedulePing();
  }

  private schedulePing() {
    clearTimeout(this.pingTimer);
    if (this.closed) return;
    this.pingTimer = setTimeout(
      () => this.send({ type: "Ping" }),
      this.deps.pingAfterMs ?? PING_AFTER_SILENCE_MS,
    );
    this.pingTimer.unref();
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
