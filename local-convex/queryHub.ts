import { convexToJson, type Value } from "convex/values";
import type { CommitWrites, Engine, Identity, QueryRun } from "./engine";
import { ReadIndex, readSetTouched, type DocumentWrite } from "./readSets";
import { WorkQueue, yieldToIo } from "./workQueue";

/** How subscriptions are re-run after a commit. */
export type InvalidationStrategy =
  /** Only queries whose read set a commit touched; identical queries shared across sockets. */
  | "read-sets"
  /** Every subscription of every socket after every commit (the old behaviour, for comparison). */
  | "rerun-all";

/**
 * One query as the sync layer runs it: a function, its args and the caller's
 * identity. Every socket subscribed to the same triple shares one group, so
 * the query runs once per change and its result is serialized once.
 */
export class QueryGroup {
  /** Sockets holding this query, with how many of their query ids map to it. */
  readonly subscribers = new Map<GroupSubscriber, number>();
  run: QueryRun | null = null;
  /** The result as the `value`/`errorMessage` part of a modification (JSON text). */
  payload = "";
  failed = false;
  /** Bumped whenever the serialized result changes. */
  resultVersion = 0;
  stale = true;
  executions = 0;
  unknown = false;

  constructor(
    readonly key: string,
    /** Function and args without the identity. */
    readonly functionKey: string,
    readonly udfPath: string,
    readonly args: Record<string, Value>,
    readonly identity: Identity | null,
  ) {}

  /** Fresh at the engine's current data version. */
  get ready() {
    return !this.stale && this.run !== null;
  }
}

/** What a group needs from a socket to push results to it. */
export type GroupSubscriber = {
  /**
   * Send a Transition if anything is ready to send. `requestedAt` is when the
   * first commit of this batch landed (expiry is judged at that moment).
   */
  flushDirty(requestedAt: number): void;
};

type CommitRecord = { seq: number; writes: CommitWrites };

/** One run of a group's query: its result, as JSON text, and the commit it started after. */
type ExecutedQuery = { run: QueryRun; payload: string; startSeq: number };

const COMMIT_LOG_SIZE = 512;

export type HubStats = {
  groups: number;
  subscriptions: number;
  refreshCycles: number;
  refreshExecutions: number;
  staleMarks: number;
};

/**
 * Keeps the live query groups, decides after each commit which of them the
 * commit could have changed (read set ∩ write set), re-runs those once per
 * batch of commits, and tells the sockets that hold them to send a Transition.
 */
export class QueryHub {
  private readonly groups = new Map<string, QueryGroup>();
  private readonly readers = new ReadIndex<QueryGroup>();
  private readonly unknownGroups = new Set<QueryGroup>();
  private readonly dirty = new Set<GroupSubscriber>();
  private readonly commitLog: CommitRecord[] = [];
  private commitSeq = 0;
  readonly queue: WorkQueue;
  readonly stats: HubStats = {
    groups: 0,
    subscriptions: 0,
    refreshCycles: 0,
    refreshExecutions: 0,
    staleMarks: 0,
  };

  constructor(
    readonly engine: Engine,
    readonly strategy: InvalidationStrategy = "read-sets",
    private readonly log: (message: string) => void = () => {},
  ) {
    this.queue = new WorkQueue((requestedAt) => this.refresh(requestedAt));
    engine.onCommit((_ts, writes) => this.committed(writes));
  }

  /**
   * The group for (function, args, identity). With "rerun-all" every socket
   * gets its own group (`owner`), as when each socket ran its own queries.
   */
  group(
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
    owner: number,
  ): QueryGroup {
    const parts = [udfPath, JSON.stringify(convexToJson(args))];
    const functionKey = parts.join("\u0000");
    parts.push(identity === null ? "" : JSON.stringify(identity));
    if (this.strategy === "rerun-all") parts.push(String(owner));
    const key = parts.join("\u0000");
    let group = this.groups.get(key);
    if (group === undefined) {
      group = new QueryGroup(key, functionKey, udfPath, args, identity);
      this.groups.set(key, group);
      this.stats.groups = this.groups.size;
    }
    return group;
  }

  subscribe(group: QueryGroup, subscriber: GroupSubscriber) {
    group.subscribers.set(
      subscriber,
      (group.subscribers.get(subscriber) ?? 0) + 1,
    );
  }

  unsubscribe(group: QueryGroup, subscriber: GroupSubscriber) {
    const count = group.subscribers.get(subscriber) ?? 0;
    if (count > 1) group.subscribers.set(subscriber, count - 1);
    else group.subscribers.delete(subscriber);
    if (group.subscribers.size > 0) return;
    this.groups.delete(group.key);
    this.unindex(group);
    this.stats.groups = this.groups.size;
  }

  /** A socket that must send a Transition at the next refresh. */
  markDirty(subscriber: GroupSubscriber) {
    this.dirty.add(subscriber);
    this.queue.requestRefresh();
  }

  private unindex(group: QueryGroup) {
    this.readers.remove(group);
    this.unknownGroups.delete(group);
  }

  private index(group: QueryGroup) {
    this.unindex(group);
    const readSet = group.run!.readSet;
    group.unknown = readSet.unknown;
    if (group.unknown) this.unknownGroups.add(group);
    else this.readers.add(group, readSet);
  }

  /** Synchronously after each commit: mark the groups it could have changed. */
  private committed(writes: CommitWrites) {
    this.commitSeq += 1;
    this.commitLog.push({ seq: this.commitSeq, writes });
    if (this.commitLog.length > COMMIT_LOG_SIZE) this.commitLog.shift();
    const candidates =
      writes === "everything" || this.strategy === "rerun-all"
        ? this.groups.values()
        : this.candidates(writes);
    for (const group of candidates) {
      if (group.stale) continue;
      if (
        writes === "everything" ||
        this.strategy === "rerun-all" ||
        readSetTouched(group.run!.readSet, writes)
      ) {
        group.stale = true;
        this.stats.staleMarks += 1;
      }
    }
    this.queue.requestRefresh();
  }

  private candidates(writes: DocumentWrite[]): Set<QueryGroup> {
    return this.readers.candidates(writes, new Set(this.unknownGroups));
  }

  /** Runs a group's query now. Returns true when its result changed. */
  async compute(group: QueryGroup): Promise<boolean> {
    return this.apply(group, await this.execute(group));
  }

  /** Runs a group's query, noting which commit it started after. */
  private async execute(group: QueryGroup): Promise<ExecutedQuery> {
    const startSeq = this.commitSeq;
    group.executions += 1;
    const run = await this.engine.query(
      group.udfPath,
      group.args,
      group.identity,
    );
    return { run, payload: serialize(run), startSeq };
  }

  /** Stores a result computed at `startSeq`. Returns true when it changed. */
  private apply(
    group: QueryGroup,
    { run, payload, startSeq }: ExecutedQuery,
  ): boolean {
    group.run = run;
    group.failed = !run.success;
    group.stale = this.touchedSince(startSeq, group);
    if (this.groups.get(group.key) === group) this.index(group);
    if (payload === group.payload) return false;
    group.payload = payload;
    group.resultVersion += 1;
    return true;
  }

  /** A commit that landed while the query ran may have changed what it read. */
  private touchedSince(startSeq: number, group: QueryGroup): boolean {
    if (startSeq === this.commitSeq) return false;
    if (this.strategy === "rerun-all") return true;
    const first = this.commitLog[0];
    if (first === undefined || first.seq > startSeq + 1) return true;
    for (const record of this.commitLog) {
      if (record.seq <= startSeq) continue;
      if (record.writes === "everything") return true;
      if (readSetTouched(group.run!.readSet, record.writes)) return true;
    }
    return false;
  }

  /**
   * Makes the given groups fresh (each re-run after a yield to I/O) and
   * marks the sockets holding changed results dirty.
   */
  async freshen(groups: Iterable<QueryGroup>, inRefresh = false) {
    for (let round = 0; round < 10; round += 1) {
      const todo = [...groups].filter(
        (group) => !group.ready && group.subscribers.size > 0,
      );
      if (todo.length === 0) break;
      for (const bucket of byFunction(todo).values()) {
        let shared: ExecutedQuery | null = null;
        for (const group of bucket) {
          if (group.ready) continue;
          let changed: boolean;
          if (shared) {
            // Same function and args, and the run never read the identity:
            // its result is this group's result too.
            changed = this.apply(group, shared);
          } else {
            await yieldToIo();
            const executed = await this.execute(group);
            changed = this.apply(group, executed);
            if (
              !executed.run.readSet.identityRead &&
              this.strategy === "read-sets"
            ) {
              shared = executed;
            }
          }
          if (changed) {
            for (const subscriber of group.subscribers.keys()) {
              this.dirty.add(subscriber);
            }
          }
        }
      }
    }
    // Sockets other than the caller's that got new results flush at the next refresh.
    if (!inRefresh && this.dirty.size > 0) this.queue.requestRefresh();
  }

  private async refresh(requestedAt: number) {
    this.stats.refreshCycles += 1;
    try {
      const before = this.engine.stats.queryExecutions;
      await this.freshen(
        [...this.groups.values()].filter((group) => group.stale),
        true,
      );
      this.stats.refreshExecutions +=
        this.engine.stats.queryExecutions - before;
      const sessions = [...this.dirty];
      this.dirty.clear();
      for (const session of sessions) session.flushDirty(requestedAt);
    } catch (error) {
      this.log(`refresh failed: ${(error as Error).stack}`);
    }
  }

  describe() {
    let subscriptions = 0;
    for (const group of this.groups.values()) {
      subscriptions += group.subscribers.size;
    }
    return { ...this.stats, groups: this.groups.size, subscriptions };
  }

  /** Groups of one function, for tests that check who was re-run. */
  groupsOf(udfPath: string): QueryGroup[] {
    return [...this.groups.values()].filter(
      (group) => group.udfPath === udfPath,
    );
  }
}

function serialize(run: QueryRun): string {
  return JSON.stringify(
    run.success
      ? { value: run.value, logLines: run.logLines }
      : {
          errorMessage: run.errorMessage,
          logLines: run.logLines,
          ...(run.errorData !== undefined ? { errorData: run.errorData } : {}),
        },
  );
}

function byFunction(groups: QueryGroup[]): Map<string, QueryGroup[]> {
  const buckets = new Map<string, QueryGroup[]>();
  for (const group of groups) {
    const bucket = buckets.get(group.functionKey);
    if (bucket) bucket.push(group);
    else buckets.set(group.functionKey, [group]);
  }
  return buckets;
}
