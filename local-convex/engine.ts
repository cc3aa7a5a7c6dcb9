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
  checkPageCursors,
  INVALID_CURSOR_CODE,
  INVALID_CURSOR_MESSAGE,
  isInvalidCursorError,
} from "./cursors";
import {
  captureAuthPrototype,
  captureEngineInternals,
  type EngineDocument,
  type EngineInternals,
  type SyscallHandlers,
} from "./engineInternals";
import { IndexedDatabase } from "./indexes";
import { collectModules, type ModuleLoaders } from "./modules";
import { ReadSet, type DocumentWrite } from "./readSets";

export type FunctionKind = "query" | "mutation" | "action";

export type Identity = UserIdentity;

export type RunResult =
  | { success: true; value: JSONValue; logLines: string[] }
  | {
      success: false;
      errorMessage: string;
      errorData?: JSONValue;
      /** Set when the caller's input was at fault; HTTP answers it with 400. */
      requestErrorCode?: string;
      logLines: string[];
    };

/** A query's result plus what it read. */
export type QueryRun = RunResult & { readSet: ReadSet };

/** Writes of one commit, or "everything" when all data was replaced (reset). */
export type CommitWrites = DocumentWrite[] | "everything";
export type CommitListener = (ts: bigint, writes: CommitWrites) => void;

/**
 * Syscalls whose reads the database hooks record (or that read nothing).
 * Any other syscall made by a query marks its read set unknown.
 */
const OBSERVED_SYSCALLS = new Set([
  "1.0/get",
  "1.0/queryStream",
  "1.0/queryStreamNext",
  "1.0/queryPage",
  "1.0/queryCleanup",
  "1.0/count",
  "1.0/db/normalizeId",
  "1.0/getFunctionMetadata",
  "1.0/getDeploymentMetadata",
]);

const readTracking = new AsyncLocalStorage<ReadSet>();

/** Marks the running query's read set unknown when it makes a syscall nobody records. */
function watchSyscalls(syscalls: SyscallHandlers) {
  for (const name of ["syscall", "asyncSyscall", "jsSyscall"] as const) {
    const original = syscalls[name] as (op: string, args: never) => unknown;
    (syscalls as Record<string, unknown>)[name] = (op: string, args: never) => {
      const readSet = readTracking.getStore();
      if (readSet && !OBSERVED_SYSCALLS.has(op)) readSet.unknown = true;
      if (op === "1.0/queryPage") checkPageCursors(args as string);
      return original(op, args);
    };
  }
}

const WATCHED = Symbol("local-convex watches identity reads");

/** A query that never asks who is calling gives the same result to everyone. */
function watchIdentityReads(auth: {
  getUserIdentity: (...args: unknown[]) => unknown;
}) {
  const marked = auth as unknown as Record<symbol, boolean>;
  if (marked[WATCHED]) return;
  marked[WATCHED] = true;
  const getUserIdentity = auth.getUserIdentity;
  auth.getUserIdentity = function (this: unknown, ...args: unknown[]) {
    const readSet = readTracking.getStore();
    if (readSet) readSet.identityRead = true;
    return getUserIdentity.apply(this, args);
  };
}

/** Counts of function executions, for the counters and the benchmark. */
export type EngineStats = {
  queryExecutions: number;
  mutationExecutions: number;
  actionExecutions: number;
  commits: number;
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
  requestErrorCode?: string;
} {
  if (isInvalidCursorError(error)) {
    return {
      errorMessage: INVALID_CURSOR_MESSAGE,
      requestErrorCode: INVALID_CURSOR_CODE,
    };
  }
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
  private readonly listeners = new Set<CommitListener>();
  private readonly accessors = new Map<string, Accessor>();
  private readonly publicChecks = new Map<string, Promise<void>>();
  private readonly indexed: IndexedDatabase;
  /** Commit timestamp (ns) of the last transaction that wrote something. */
  private lastWriteTs: bigint;
  readonly stats: EngineStats = {
    queryExecutions: 0,
    mutationExecutions: 0,
    actionExecutions: 0,
    commits: 0,
  };

  private constructor(
    private readonly t: Accessor,
    private readonly schemaTables: string[],
    private readonly internals: EngineInternals,
    private readonly modules: Map<string, () => Promise<unknown>>,
  ) {
    this.lastWriteTs = internals.transactionManager._lastCommitTs;
    this.indexed = IndexedDatabase.attach(internals.db, readTracking);
    watchSyscalls(internals.syscalls);
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
    const auth = await captureAuthPrototype(() =>
      t.run(async (ctx) => ctx.auth.getUserIdentity()),
    );
    watchIdentityReads(auth);
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

  /** Documents the engine's queries have looked at since start. */
  get rowsVisited(): number {
    return this.indexed.rowsVisited;
  }

  tableNames(): string[] {
    return [...this.schemaTables];
  }

  /** Latest committed data version, the `ts` clients see. */
  get dataVersion(): bigint {
    return this.lastWriteTs;
  }

  /** Called synchronously after every commit that wrote something. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private hookCommits() {
    const { transactionManager } = this.internals;
    const commit = transactionManager.commit.bind(transactionManager);
    transactionManager.commit = (isNested: boolean) => {
      const ts = commit(isNested);
      if (isNested) return ts;
      this.indexed.transactionEnded();
      const writes = this.indexed.takeWrites();
      if (ts !== null && writes.length > 0) this.markWritten(ts, writes);
      return ts;
    };
    const rollback = transactionManager.rollback.bind(transactionManager);
    transactionManager.rollback = (isNested: boolean) => {
      rollback(isNested);
      if (!isNested) this.indexed.transactionEnded();
    };
  }

  private markWritten(ts: bigint, writes: CommitWrites) {
    this.lastWriteTs = ts;
    this.stats.commits += 1;
    for (const listener of this.listeners) listener(ts, writes);
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
  private checkPublic(udfPath: string, kind: FunctionKind): Promise<void> {
    const key = `${kind} ${udfPath}`;
    let check = this.publicChecks.get(key);
    if (check === undefined) {
      if (this.publicChecks.size > 10_000) this.publicChecks.clear();
      check = this.findPublic(udfPath, kind);
      this.publicChecks.set(key, check);
    }
    return check;
  }

  private async findPublic(udfPath: string, kind: FunctionKind) {
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

  /** Runs a query and records what it read. */
  async query(
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
  ): Promise<QueryRun> {
    const readSet = new ReadSet();
    const result = await readTracking.run(readSet, () =>
      this.run("query", udfPath, args, identity),
    );
    return { ...result, readSet };
  }

  async run(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
  ): Promise<RunResult> {
    if (kind === "query") this.stats.queryExecutions += 1;
    else if (kind === "mutation") this.stats.mutationExecutions += 1;
    else this.stats.actionExecutions += 1;
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
    this.indexed.invalidate();
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
    this.indexed.invalidate();
    this.markWritten(ts, "everything");
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
