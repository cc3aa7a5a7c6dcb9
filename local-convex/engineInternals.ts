import { AsyncLocalStorage } from "node:async_hooks";

/**
 * convex-test keeps its database behind a closure. Persistence and change
 * notification need three of its private fields, so this module reaches them
 * in one place and checks their shape, failing loudly (not silently losing
 * data) if a convex-test upgrade renames them. Pinned version: 0.0.70.
 */
export const SUPPORTED_CONVEX_TEST_VERSION = "0.0.70";

export type EngineDocument = Record<string, unknown> & {
  _id: string;
  _creationTime: number;
};

export type DatabaseInternals = {
  _documents: Record<string, EngineDocument>;
  _tableIds: Map<string, Set<string>>;
  _storage: Record<string, unknown>;
  _nextDocId: number;
  _lastCreationTime: number;
  _writes: Array<Record<string, EngineDocument | null>>;
};

export type TransactionManagerInternals = {
  _lastCommitTs: bigint;
  commit: (isNested: boolean) => bigint | null;
};

export type TransactionEnd = (isNested: boolean) => void;

export type SyscallHandlers = {
  syscall: (op: string, args: string) => string;
  asyncSyscall: (op: string, args: string) => Promise<string>;
  jsSyscall: (op: string, args: unknown) => Promise<unknown>;
};

export type EngineInternals = {
  db: DatabaseInternals;
  transactionManager: TransactionManagerInternals & {
    rollback: TransactionEnd;
  };
  /** The per-instance object whose syscall functions `Convex.syscall` & co. resolve to. */
  syscalls: SyscallHandlers;
};

type ConvexGlobalShape = {
  components: Record<string, { db: unknown }>;
  transactionManager: unknown;
};

function isConvexGlobal(store: unknown): store is ConvexGlobalShape {
  return (
    typeof store === "object" &&
    store !== null &&
    "components" in store &&
    "transactionManager" in store &&
    "scheduler" in store
  );
}

export class EngineInternalsError extends Error {
  constructor(detail: string) {
    super(
      `convex-test internals are not what local-convex expects (${detail}). ` +
        `It was written against convex-test ${SUPPORTED_CONVEX_TEST_VERSION}; ` +
        `update local-convex/engineInternals.ts before upgrading it.`,
    );
    this.name = "EngineInternalsError";
  }
}

/**
 * Runs `trigger` (which must call a method of the convex-test accessor) while
 * watching AsyncLocalStorage.run for the accessor's per-instance global.
 */
export function captureEngineInternals(trigger: () => unknown): {
  internals: EngineInternals;
  pending: unknown;
} {
  const originalRun = AsyncLocalStorage.prototype.run;
  let captured: ConvexGlobalShape | undefined;
  AsyncLocalStorage.prototype.run = function (
    this: AsyncLocalStorage<unknown>,
    store: unknown,
    callback: (...args: unknown[]) => unknown,
    ...args: unknown[]
  ) {
    if (captured === undefined && isConvexGlobal(store)) captured = store;
    return originalRun.call(this, store, callback, ...args);
  } as typeof originalRun;
  let pending: unknown;
  try {
    pending = trigger();
  } finally {
    AsyncLocalStorage.prototype.run = originalRun;
  }
  if (captured === undefined) {
    throw new EngineInternalsError("no per-instance global was seen");
  }
  return { internals: checkShape(captured), pending };
}

function checkShape(global: ConvexGlobalShape): EngineInternals {
  const db = global.components[""]?.db as Partial<DatabaseInternals>;
  const tm = global.transactionManager as Partial<TransactionManagerInternals>;
  const problems: string[] = [];
  if (!db || typeof db !== "object") problems.push("root database missing");
  else {
    if (typeof db._documents !== "object") problems.push("_documents");
    if (!(db._tableIds instanceof Map)) problems.push("_tableIds");
    if (typeof db._nextDocId !== "number") problems.push("_nextDocId");
    if (typeof db._lastCreationTime !== "number") {
      problems.push("_lastCreationTime");
    }
    if (!Array.isArray(db._writes)) problems.push("_writes");
  }
  if (!tm || typeof tm._lastCommitTs !== "bigint") {
    problems.push("transactionManager._lastCommitTs");
  }
  if (!tm || typeof tm.commit !== "function") {
    problems.push("transactionManager.commit");
  }
  if (!tm || typeof (tm as { rollback?: unknown }).rollback !== "function") {
    problems.push("transactionManager.rollback");
  }
  const syscalls = global as unknown as Partial<SyscallHandlers>;
  for (const name of ["syscall", "asyncSyscall", "jsSyscall"] as const) {
    if (typeof syscalls[name] !== "function") problems.push(name);
  }
  if (problems.length > 0) throw new EngineInternalsError(problems.join(", "));
  return {
    db: db as DatabaseInternals,
    transactionManager: tm as EngineInternals["transactionManager"],
    syscalls: global as unknown as SyscallHandlers,
  };
}

type AuthPrototype = { getUserIdentity: (...args: unknown[]) => unknown };

/**
 * convex-test answers `ctx.auth.getUserIdentity()` from a private AuthFake
 * object. Finds its prototype (watching AsyncLocalStorage.run while `trigger`
 * runs a function) so the engine can tell whether a query read the identity.
 */
export async function captureAuthPrototype(
  trigger: () => Promise<unknown>,
): Promise<AuthPrototype> {
  const originalRun = AsyncLocalStorage.prototype.run;
  let found: AuthPrototype | undefined;
  AsyncLocalStorage.prototype.run = function (
    this: AsyncLocalStorage<unknown>,
    store: unknown,
    callback: (...args: unknown[]) => unknown,
    ...args: unknown[]
  ) {
    if (
      found === undefined &&
      typeof store === "object" &&
      store !== null &&
      "_userIdentity" in store &&
      typeof (store as Partial<AuthPrototype>).getUserIdentity === "function"
    ) {
      found = Object.getPrototypeOf(store) as AuthPrototype;
    }
    return originalRun.call(this, store, callback, ...args);
  } as typeof originalRun;
  try {
    await trigger();
  } finally {
    AsyncLocalStorage.prototype.run = originalRun;
  }
  if (found === undefined || typeof found.getUserIdentity !== "function") {
    throw new EngineInternalsError("no auth object with getUserIdentity");
  }
  return found;
}
