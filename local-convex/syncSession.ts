import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { WebSocket } from "ws";
import {
  EXPIRED_IDENTITY_MESSAGE,
  isExpired,
  TokenRejectedError,
  type TokenVerifier,
  type VerifiedToken,
} from "./auth";
import type { Counters } from "./counters";
import type { Engine, RunResult } from "./engine";
import { encodeTs, encodeVersion, type StateVersion } from "./wire";

/** A deployment pings a socket after this much server silence. */
export const PING_AFTER_SILENCE_MS = 15_000;

type Subscription = {
  udfPath: string;
  args: Record<string, Value>;
  /** JSON of the last modification sent for it, to send only changes. */
  lastSent: string | null;
};

type Modification = Record<string, unknown> & { queryId: number };

export type SessionDeps = {
  engine: Engine;
  verifier: TokenVerifier;
  counters: Counters;
  log: (message: string) => void;
  /** Defaults to PING_AFTER_SILENCE_MS; tests shorten it. */
  pingAfterMs?: number;
};

export class ProtocolError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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
    return jsonToConvex(args[0] as JSONValue) as Record<string, Value>;
  } catch (error) {
    throw new ProtocolError(`undecodable args: ${(error as Error).message}`);
  }
}

let nextSessionNumber = 1;

/**
 * One client WebSocket: its own versions (query set, identity, ts), its
 * subscriptions and identity. Client messages are handled strictly in order;
 * re-runs after writes are queued behind them so every `Transition` chains
 * from the previous one.
 */
export class SyncSession {
  readonly id = nextSessionNumber++;
  readonly openedAt = Date.now();
  private version: StateVersion = { querySet: 0, identity: 0, ts: 0n };
  private readonly queries = new Map<number, Subscription>();
  private token: VerifiedToken | null = null;
  private clientSessionId: string | null = null;
  private clientClockSkew: number | undefined;
  private chain: Promise<void> = Promise.resolve();
  private refreshQueued = false;
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

  /** Called after every committed write. */
  onCommit() {
    if (this.closed || this.refreshQueued || this.queries.size === 0) return;
    this.refreshQueued = true;
    this.enqueue(async () => {
      this.refreshQueued = false;
      await this.syncQueries({ force: false, expiryIsWork: "ifChanged" });
    });
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
    this.deps.counters.socketClosed(this);
  }

  private receive(data: unknown, isBinary: boolean) {
    if (this.closed) return;
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
    const parsed = message;
    this.enqueue(() => this.handle(parsed));
  }

  private enqueue(task: () => Promise<void>) {
    this.chain = this.chain.then(async () => {
      if (this.closed) return;
      try {
        await task();
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

  private async handle(message: Record<string, unknown>) {
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
        return this.authenticate(message);
      case "ModifyQuerySet":
        return this.modifyQuerySet(message);
      case "Mutation":
        return this.mutation(message);
      case "Action":
        return this.action(message);
      case "Event":
        return;
      default:
        throw new ProtocolError(`unknown message type ${String(message.type)}`);
    }
  }

  private async authenticate(message: Record<string, unknown>) {
    const baseVersion = requireInt(message, "baseVersion");
    if (baseVersion !== this.version.identity) {
      throw new ProtocolError(
        `Authenticate baseVersion ${baseVersion} != identity version ${this.version.identity}`,
      );
    }
    if (message.tokenType === "None") {
      this.token = null;
    } else if (message.tokenType === "User") {
      const value = requireString(message, "value");
      try {
        this.token = await this.deps.verifier.verify(value);
        this.deps.counters.authAccepted();
      } catch (error) {
        const reason =
          error instanceof TokenRejectedError
            ? error.message
            : `token check failed: ${(error as Error).message}`;
        this.deps.counters.authRejected();
        this.deps.log(`socket ${this.id}: token rejected: ${reason}`);
        this.send({
          type: "AuthError",
          error: reason,
          baseVersion,
          authUpdateAttempted: true,
        });
        this.closeWith(1000, "AuthError");
        return;
      }
    } else {
      this.deps.counters.authRejected();
      this.send({
        type: "AuthError",
        error: `Unsupported token type ${String(message.tokenType)}`,
        baseVersion,
        authUpdateAttempted: true,
      });
      this.closeWith(1000, "AuthError");
      return;
    }
    await this.syncQueries({
      force: true,
      identity: this.version.identity + 1,
      expiryIsWork: "never",
    });
  }

  private async modifyQuerySet(message: Record<string, unknown>) {
    const baseVersion = requireInt(message, "baseVersion");
    const newVersion = requireInt(message, "newVersion");
    if (baseVersion !== this.version.querySet || newVersion <= baseVersion) {
      throw new ProtocolError(
        `ModifyQuerySet ${baseVersion}->${newVersion} does not follow query set version ${this.version.querySet}`,
      );
    }
    const modifications = message.modifications;
    if (!Array.isArray(modifications)) {
      throw new ProtocolError("ModifyQuerySet.modifications must be an array");
    }
    const added: Array<[number, Subscription]> = [];
    const removed: number[] = [];
    for (const modification of modifications) {
      if (!isRecord(modification)) throw new ProtocolError("bad modification");
      const queryId = requireInt(modification, "queryId");
      if (modification.type === "Add") {
        const udfPath = requireString(modification, "udfPath");
        added.push([
          queryId,
          { udfPath, args: decodeArgs(modification), lastSent: null },
        ]);
      } else if (modification.type === "Remove") {
        removed.push(queryId);
      } else {
        throw new ProtocolError(
          `unknown query set modification ${String(modification.type)}`,
        );
      }
    }
    if (this.expiredWork()) return;
    for (const queryId of removed) this.queries.delete(queryId);
    for (const [queryId, subscription] of added) {
      this.queries.set(queryId, subscription);
    }
    await this.syncQueries({
      force: true,
      querySet: newVersion,
      removed,
      expiryIsWork: "never",
    });
  }

  private async mutation(message: Record<string, unknown>) {
    const requestId = requireInt(message, "requestId");
    const udfPath = requireString(message, "udfPath");
    const args = decodeArgs(message);
    if (this.expiredWork()) return;
    const result = await this.deps.engine.run(
      "mutation",
      udfPath,
      args,
      this.token?.identity ?? null,
    );
    this.deps.counters.mutation();
    if (result.success) {
      this.send({
        type: "MutationResponse",
        requestId,
        success: true,
        result: result.value,
        ts: encodeTs(this.deps.engine.dataVersion),
        logLines: result.logLines,
      });
      // The client resolves the mutation only on a Transition reaching its ts.
      await this.syncQueries({ force: true, expiryIsWork: "never" });
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
  }

  private async action(message: Record<string, unknown>) {
    const requestId = requireInt(message, "requestId");
    const udfPath = requireString(message, "udfPath");
    const args = decodeArgs(message);
    if (this.expiredWork()) return;
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
   */
  private expiredWork(): boolean {
    if (this.token === null || !isExpired(this.token)) return false;
    this.deps.counters.authExpired();
    this.deps.log(`socket ${this.id}: identity expired, closing`);
    this.send({
      type: "AuthError",
      error: EXPIRED_IDENTITY_MESSAGE,
      baseVersion: this.version.identity,
      authUpdateAttempted: false,
    });
    // No status code: the client sees 1005 and reconnects.
    this.ws.close();
    this.onClosed();
    return true;
  }

  /**
   * Re-runs every subscription at the current data version and sends one
   * Transition with the results that changed (and any version bumps).
   */
  private async syncQueries(options: {
    force: boolean;
    identity?: number;
    querySet?: number;
    removed?: number[];
    expiryIsWork: "never" | "ifChanged";
  }) {
    const ts = this.deps.engine.dataVersion;
    const identity = this.token?.identity ?? null;
    const modifications: Modification[] = [];
    const updates: Array<[Subscription, string]> = [];
    for (const [queryId, subscription] of this.queries) {
      const result = await this.deps.engine.run(
        "query",
        subscription.udfPath,
        subscription.args,
        identity,
      );
      const modification: Modification = result.success
        ? {
            type: "QueryUpdated",
            queryId,
            value: result.value,
            logLines: result.logLines,
            journal: null,
          }
        : {
            type: "QueryFailed",
            queryId,
            errorMessage: result.errorMessage,
            logLines: result.logLines,
            ...(result.errorData !== undefined
              ? { errorData: result.errorData }
              : {}),
            journal: null,
          };
      const key = JSON.stringify(
        result.success
          ? ["ok", result.value]
          : ["err", result.errorMessage, result.errorData ?? null],
      );
      if (key !== subscription.lastSent) {
        modifications.push(modification);
        updates.push([subscription, key]);
      }
    }
    if (this.closed) return;
    for (const queryId of options.removed ?? []) {
      modifications.push({ type: "QueryRemoved", queryId });
    }
    if (!options.force && modifications.length === 0) return;
    if (options.expiryIsWork === "ifChanged" && this.expiredWork()) return;
    for (const [subscription, key] of updates) subscription.lastSent = key;
    const start = this.version;
    const end: StateVersion = {
      querySet: options.querySet ?? start.querySet,
      identity: options.identity ?? start.identity,
      ts: ts > start.ts ? ts : start.ts,
    };
    this.version = end;
    this.deps.counters.transition();
    this.send({
      type: "Transition",
      startVersion: encodeVersion(start),
      endVersion: encodeVersion(end),
      modifications,
      ...(this.clientClockSkew !== undefined
        ? { clientClockSkew: this.clientClockSkew }
        : {}),
      serverTs: Date.now() * 1_000_000,
    });
  }

  private send(message: Record<string, unknown>) {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(message));
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

  private closeWith(code: number, reason: string) {
    if (this.closed) return;
    this.ws.close(code, reason);
    this.onClosed();
  }
}
