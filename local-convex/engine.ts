import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import { convexTest } from "convex-test";
import {
  makeFunctionReference,
  type GenericSchema,
  type SchemaDefinition,
  type UserIdentity,
} from "convex/server";
import { convexToJson, type JSONValue, type Value } from "convex/values";
import {
  captureEngineInternals,
  type EngineDocument,
  type EngineInternals,
} from "./engineInternals";
import { collectModules, type ModuleLoaders } from "./modules";

export type FunctionKind = "query" | "mutation" | "action";

export type Identity = UserIdentity;

export type RunResult =
  | { success: true; value: JSONValue; logLines: string[] }
  | {
      success: false;
      errorMessage: string;
      errorData?: JSONValue;
      logLines: string[];
    };

/** What the data file holds: every committed document plus the id and clock counters. */
export type EngineSnapshot = {
  nextDocId: number;
  lastCreationTime: number;
  lastCommitTs: string;
  documents: JSONValue[];
};

type Accessor = ReturnType<typeof convexTest>;

const logStorage = new AsyncLocalStorage<string[]>();
let consolePatched = false;

/** Console output of a running function becomes its log lines, like a deployment's `[LOG] 'text'`. */
function patchConsole() {
  if (consolePatched) return;
  consolePatched = true;
  const levels = {
    log: "LOG",
    info: "INFO",
    warn: "WARN",
    error: "ERROR",
    debug: "DEBUG",
  } as const;
  for (const [method, level] of Object.entries(levels)) {
    const key = method as keyof typeof levels;
    const original = console[key].bind(console);
    console[key] = (...args: unknown[]) => {
      const lines = logStorage.getStore();
      if (lines === undefined) return original(...args);
      const text = args
        .map((arg) =>
          typeof arg === "string" ? `'${arg}'` : inspect(arg, { depth: 4 }),
        )
        .join(" ");
      lines.push(`[${level}] ${text}`);
    };
  }
}

function describeError(error: unknown): {
  errorMessage: string;
  errorData?: JSONValue;
} {
  if (error instanceof Error) {
    const data = (error as Error & { data?: Value }).data;
    if (error.name === "ConvexError" || data !== undefined) {
      return {
        errorMessage: `Uncaught ConvexError: ${error.message}`,
        errorData: convexToJson(data ?? null),
      };
    }
    if (error instanceof FunctionNotFoundError) {
      return { errorMessage: error.message };
    }
    return { errorMessage: `Uncaught ${error.name}: ${error.message}` };
  }
  return { errorMessage: `Uncaught ${String(error)}` };
}

class FunctionNotFoundError extends Error {}

/**
 * The project's Convex functions running on convex-test, with what the sync
 * and HTTP layers need on top: calls by path with an identity, a public-only
 * check, log lines, a change notification after each committed write, and a
 * cache of query results per data version.
 */
export class Engine {
  private readonly listeners = new Set<(ts: bigint) => void>();
  private readonly accessors = new Map<string, Accessor>();
  private queryCache = new Map<string, Promise<RunResult>>();
  private cacheVersion = 0n;
  /** Commit timestamp (ns) of the last transaction that wrote something. */
  private lastWriteTs: bigint;

  private constructor(
    private readonly t: Accessor,
    private readonly schemaTables: string[],
    private readonly internals: EngineInternals,
    private readonly modules: Map<string, () => Promise<unknown>>,
  ) {
    this.lastWriteTs = internals.transactionManager._lastCommitTs;
    this.hookCommits();
  }

  static async load(convexDir: string): Promise<Engine> {
    const loaders: ModuleLoaders = collectModules(convexDir);
    const schemaLoader = loaders["./schema.ts"] ?? loaders["./schema.js"];
    const schema = schemaLoader
      ? ((await schemaLoader()) as { default?: unknown }).default
      : undefined;
    const t = convexTest(
      schema as SchemaDefinition<GenericSchema, boolean> | undefined,
      loaders as Record<string, () => Promise<never>>,
    );
    const { internals, pending } = captureEngineInternals(() =>
      t.run(async () => null),
    );
    await pending;
    const byPath = new Map<string, () => Promise<unknown>>();
    for (const [key, loader] of Object.entries(loaders)) {
      byPath.set(key.slice(2).replace(/\.[^./]+$/, ""), loader);
    }
    patchConsole();
    const tables = Object.keys(
      (schema as { tables?: Record<string, unknown> } | undefined)?.tables ??
        {},
    );
    return new Engine(t, tables, internals, byPath);
  }

  tableNames(): string[] {
    return [...this.schemaTables];
  }

  /** Latest committed data version, the `ts` clients see. */
  get dataVersion(): bigint {
    return this.lastWriteTs;
  }

  onCommit(listener: (ts: bigint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private hookCommits() {
    const { db, transactionManager } = this.internals;
    const commit = transactionManager.commit.bind(transactionManager);
    transactionManager.commit = (isNested: boolean) => {
      const layer = db._writes[db._writes.length - 1];
      const wrote = layer !== undefined && Object.keys(layer).length > 0;
      const ts = commit(isNested);
      if (ts !== null && wrote) this.markWritten(ts);
      return ts;
    };
  }

  private markWritten(ts: bigint) {
    this.lastWriteTs = ts;
    for (const listener of this.listeners) listener(ts);
  }

  private accessorFor(identity: Identity | null): Accessor {
    if (identity === null) return this.t;
    const key = JSON.stringify(identity);
    let accessor = this.accessors.get(key);
    if (accessor === undefined) {
      if (this.accessors.size > 2000) this.accessors.clear();
      accessor = this.t.withIdentity(identity) as Accessor;
      this.accessors.set(key, accessor);
    }
    return accessor;
  }

  /** Like a deployment: only public functions of the requested kind are callable by clients. */
  private async checkPublic(udfPath: string, kind: FunctionKind) {
    const [modulePath = "", exportName = "default"] = udfPath.split(":");
    const loader = this.modules.get(modulePath.replace(/\.[^./]+$/, ""));
    const notFound = () =>
      new FunctionNotFoundError(
        `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
      );
    if (loader === undefined || modulePath.startsWith("_")) throw notFound();
    const exports = (await loader()) as Record<string, unknown>;
    const fn = exports[exportName] as
      | {
          isPublic?: boolean;
          isQuery?: boolean;
          isMutation?: boolean;
          isAction?: boolean;
        }
      | undefined;
    if (!fn || !fn.isPublic) throw notFound();
    const matches =
      (kind === "query" && fn.isQuery) ||
      (kind === "mutation" && fn.isMutation) ||
      (kind === "action" && fn.isAction);
    if (!matches) {
      throw new FunctionNotFoundError(
        `Trying to execute ${udfPath} as ${kind[0]!.toUpperCase()}${kind.slice(1)}, but it is defined as ${fn.isQuery ? "Query" : fn.isMutation ? "Mutation" : "Action"}.`,
      );
    }
  }

  async run(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
  ): Promise<RunResult> {
    if (kind !== "query") return this.execute(kind, udfPath, args, identity);
    if (this.cacheVersion !== this.lastWriteTs) {
      this.queryCache = new Map();
      this.cacheVersion = this.lastWriteTs;
    }
    const key = `${JSON.stringify(identity)}|${udfPath}|${JSON.stringify(convexToJson(args))}`;
    let result = this.queryCache.get(key);
    if (result === undefined) {
      result = this.execute(kind, udfPath, args, identity);
      this.queryCache.set(key, result);
    }
    return result;
  }

  private async execute(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
  ): Promise<RunResult> {
    const logLines: string[] = [];
    try {
      await this.checkPublic(udfPath, kind);
      const accessor = this.accessorFor(identity);
      const value = await logStorage.run(logLines, () => {
        if (kind === "query") {
          return accessor.query(makeFunctionReference<"query">(udfPath), args);
        }
        if (kind === "mutation") {
          return accessor.mutation(
            makeFunctionReference<"mutation">(udfPath),
            args,
          );
        }
        return accessor.action(makeFunctionReference<"action">(udfPath), args);
      });
      return {
        success: true,
        value: convexToJson(value as Value),
        logLines,
      };
    } catch (error) {
      return { success: false, ...describeError(error), logLines };
    }
  }

  snapshot(): EngineSnapshot {
    const { db, transactionManager } = this.internals;
    const documents = Object.values(db._documents)
      .filter((doc) => !doc._id.endsWith("_storage"))
      .map((doc) => convexToJson(doc as unknown as Value));
    return {
      nextDocId: db._nextDocId,
      lastCreationTime: db._lastCreationTime,
      lastCommitTs: transactionManager._lastCommitTs.toString(),
      documents,
    };
  }

  /** Loads a snapshot into an idle engine (before any client connects). */
  restore(snapshot: EngineSnapshot, decode: (json: JSONValue) => Value) {
    const { db, transactionManager } = this.internals;
    if (db._writes.length > 0) {
      throw new Error("cannot restore while a transaction is running");
    }
    this.clearDocuments();
    for (const json of snapshot.documents) {
      const doc = decode(json) as unknown as EngineDocument;
      this.insertRaw(doc);
    }
    db._nextDocId = Math.max(db._nextDocId, snapshot.nextDocId);
    db._lastCreationTime = Math.max(
      db._lastCreationTime,
      snapshot.lastCreationTime,
    );
    const ts = BigInt(snapshot.lastCommitTs);
    if (ts > transactionManager._lastCommitTs) {
      transactionManager._lastCommitTs = ts;
    }
    this.lastWriteTs = transactionManager._lastCommitTs;
  }

  /** Empties every table; ids keep counting up so old ids never come back. */
  reset() {
    this.clearDocuments();
    const { transactionManager } = this.internals;
    const now = BigInt(Date.now()) * 1_000_000n;
    const ts =
      now > transactionManager._lastCommitTs
        ? now
        : transactionManager._lastCommitTs + 1n;
    transactionManager._lastCommitTs = ts;
    this.markWritten(ts);
  }

  private clearDocuments() {
    const { db } = this.internals;
    for (const id of Object.keys(db._documents)) delete db._documents[id];
    for (const id of Object.keys(db._storage)) delete db._storage[id];
    db._tableIds.clear();
  }

  private insertRaw(doc: EngineDocument) {
    const { db } = this.internals;
    db._documents[doc._id] = doc;
    const table = tableOf(doc._id);
    let ids = db._tableIds.get(table);
    if (ids === undefined) {
      ids = new Set();
      db._tableIds.set(table, ids);
    }
    ids.add(doc._id);
  }

  /** Direct committed-state read, for tests and the seed step. */
  async readAll(table: string): Promise<EngineDocument[]> {
    return (await this.t.run(async (ctx) =>
      ctx.db.query(table as never).collect(),
    )) as unknown as EngineDocument[];
  }

  async insert(table: string, value: Record<string, Value>): Promise<string> {
    return (await this.t.run(async (ctx) =>
      ctx.db.insert(table as never, value as never),
    )) as string;
  }
}

/** convex-test ids are a zero-padded counter followed by the table name (32 chars in total). */
function tableOf(id: string): string {
  const match = /^\d+(.*)$/.exec(id);
  if (!match?.[1]) {
    throw new Error(`Unrecognised document id in data file: ${id}`);
  }
  return match[1];
}
