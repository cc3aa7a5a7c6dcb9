import type { AsyncLocalStorage } from "node:async_hooks";
import { compareValues, jsonToConvex, type Value } from "convex/values";
import type { DatabaseInternals, EngineDocument } from "./engineInternals";
import {
  fieldValue,
  inRange,
  tableOfId,
  type DocumentWrite,
  type RangeBound,
  type ReadSet,
} from "./readSets";

/** The serialized query convex-test receives from `1.0/queryStream`. */
type SerializedQuery = {
  source:
    | { type: "FullTableScan"; tableName: string; order?: "asc" | "desc" }
    | {
        type: "IndexRange";
        indexName: string;
        range: Array<{
          type: RangeBound["type"];
          fieldPath: string;
          value: unknown;
        }>;
        order?: "asc" | "desc";
      }
    | { type: "Search"; indexName: string };
  operators: unknown[];
};

type QuerySourceShape = { sortedDocs: EngineDocument[] } & Record<
  string,
  unknown
>;

/** What this module patches on convex-test's database object. */
type PatchableDatabase = DatabaseInternals & {
  _schema: {
    tables: Map<
      string,
      { indexes?: Array<{ indexDescriptor: string; fields: string[] }> }
    >;
  } | null;
  _queryResults: Record<number, unknown>;
  get(table: string | undefined, id: string): EngineDocument | null;
  commit(commitTs?: bigint | null): void;
  queryNext(queryId: number): { value: unknown; done: boolean };
  _resolveQuerySource(query: SerializedQuery): QuerySourceShape;
  _evaluateQuery(query: SerializedQuery): Iterator<EngineDocument>;
  _iterateDocs(table: string, callback: (doc: EngineDocument) => void): void;
};

type Entry = { key: Value[]; id: string };

function compareKeys(a: Value[], b: (Value | undefined)[], length: number) {
  for (let i = 0; i < length; i += 1) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/** First position whose key is not `below` the probe (binary search). */
function lowerBound(entries: Entry[], below: (key: Value[]) => boolean) {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(entries[mid]!.key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One index of one table: committed documents sorted by the index key. */
class SortedIndex {
  entries: Entry[] = [];
  constructor(readonly fields: string[]) {}

  keyOf(doc: Record<string, unknown>): Value[] {
    return this.fields.map((field) => fieldValue(doc, field) as Value);
  }

  private position(key: Value[]) {
    return lowerBound(
      this.entries,
      (k) => compareKeys(k, key, this.fields.length) < 0,
    );
  }

  add(doc: Record<string, unknown>, id: string) {
    const key = this.keyOf(doc);
    this.entries.splice(this.position(key), 0, { key, id });
  }

  remove(doc: Record<string, unknown>, id: string) {
    const key = this.keyOf(doc);
    let at = this.position(key);
    while (at < this.entries.length && this.entries[at]!.id !== id) {
      if (compareKeys(this.entries[at]!.key, key, this.fields.length) !== 0) {
        break;
      }
      at += 1;
    }
    if (this.entries[at]?.id === id) this.entries.splice(at, 1);
  }

  /** Positions [start, end) whose keys can satisfy `bounds` (an `Eq` prefix, then at most one lower and one upper bound). */
  span(bounds: RangeBound[]): [number, number] {
    const prefix: (Value | undefined)[] = [];
    let lower: RangeBound | undefined;
    let upper: RangeBound | undefined;
    for (const bound of bounds) {
      if (bound.type === "Eq") prefix.push(bound.value);
      else if (bound.type === "Gt" || bound.type === "Gte") lower = bound;
      else upper = bound;
    }
    const n = prefix.length;
    const lowKey = lower ? [...prefix, lower.value] : prefix;
    const highKey = upper ? [...prefix, upper.value] : prefix;
    const start = lowerBound(this.entries, (k) => {
      const order = compareKeys(k, lowKey, lowKey.length);
      return lower?.type === "Gt" ? order <= 0 : order < 0;
    });
    const end = lowerBound(this.entries, (k) => {
      const order = compareKeys(k, highKey, highKey.length);
      return upper?.type === "Lt" && highKey.length > n
        ? order < 0
        : order <= 0;
    });
    return [start, Math.max(start, end)];
  }
}

/** Tag a read set gets when a query reads something this module does not model. */
export type ReadTracking = AsyncLocalStorage<ReadSet>;

/**
 * Gives convex-test's in-memory database real indexes and read/write sets:
 * index-range and full-table queries walk a sorted index of committed
 * documents instead of scanning and sorting the whole table, every read is
 * recorded into the running query's read set, and every top-level commit is
 * reported as a list of document writes.
 */
export class IndexedDatabase {
  private readonly built = new Map<string, SortedIndex>();
  private readonly originalResolve: (
    query: SerializedQuery,
  ) => QuerySourceShape;
  private lastWrites: DocumentWrite[] = [];
  /** Documents looked at by queries so far (shows that unrelated rows cost nothing). */
  rowsVisited = 0;

  constructor(
    private readonly db: PatchableDatabase,
    private readonly tracking: ReadTracking,
  ) {
    this.originalResolve = db._resolveQuerySource.bind(db);
    this.patch();
  }

  static attach(db: DatabaseInternals, tracking: ReadTracking) {
    const patchable = db as PatchableDatabase;
    for (const method of [
      "get",
      "commit",
      "queryNext",
      "_resolveQuerySource",
      "_evaluateQuery",
      "_iterateDocs",
    ] as const) {
      if (typeof patchable[method] !== "function") {
        throw new Error(
          `convex-test database has no ${method}(); local-convex/indexes.ts needs updating`,
        );
      }
    }
    return new IndexedDatabase(patchable, tracking);
  }

  /** Writes of the last top-level commit (read once by the engine's commit hook). */
  takeWrites(): DocumentWrite[] {
    const writes = this.lastWrites;
    this.lastWrites = [];
    return writes;
  }

  /** Called when a top-level transaction ends: its query iterators are never read again. */
  transactionEnded() {
    this.db._queryResults = {};
  }

  /** Forget built indexes (after documents were replaced behind convex-test's back). */
  invalidate() {
    this.built.clear();
  }

  private fieldsFor(table: string, indexName: string): string[] {
    if (indexName === "by_creation_time") return ["_creationTime", "_id"];
    if (indexName === "by_id") return ["_id"];
    const index = this.db._schema?.tables
      .get(table)
      ?.indexes?.find((found) => found.indexDescriptor === indexName);
    if (!index) {
      throw new Error(
        `Cannot use index "${indexName}" for table "${table}" because it is not declared in the schema.`,
      );
    }
    return [...index.fields, "_creationTime", "_id"];
  }

  private index(table: string, indexName: string): SortedIndex {
    const name = `${table}.${indexName}`;
    let index = this.built.get(name);
    if (index === undefined) {
      index = new SortedIndex(this.fieldsFor(table, indexName));
      const entries: Entry[] = [];
      for (const id of this.db._tableIds.get(table) ?? []) {
        const doc = this.db._documents[id];
        if (doc) entries.push({ key: index.keyOf(doc), id });
      }
      entries.sort((a, b) => compareKeys(a.key, b.key, index!.fields.length));
      index.entries = entries;
      this.built.set(name, index);
    }
    return index;
  }

  /** Ids with uncommitted writes in the running transaction, for one table. */
  private pendingIds(table: string): Set<string> | null {
    let ids: Set<string> | null = null;
    for (const layer of this.db._writes) {
      for (const id of Object.keys(layer)) {
        if (tableOfId(id) !== table) continue;
        ids ??= new Set();
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * The documents of an index range in order, produced lazily so `take(n)`
   * and `first()` look at n rows, not the whole range.
   */
  private *rangeDocs(
    table: string,
    indexName: string,
    bounds: RangeBound[],
    order: "asc" | "desc",
  ): Generator<EngineDocument> {
    const index = this.index(table, indexName);
    const pending = this.pendingIds(table);
    const [start, end] = index.span(bounds);
    if (pending === null) {
      // Committed data only (every query, most mutations): walk the index.
      const entries = index.entries;
      const step = order === "asc" ? 1 : -1;
      for (
        let i = order === "asc" ? start : end - 1;
        i >= start && i < end;
        i += step
      ) {
        this.rowsVisited += 1;
        const doc = this.db._documents[entries[i]!.id];
        if (doc && inRange(doc, bounds)) yield doc;
      }
      return;
    }
    // The running mutation's own writes: merge them in and sort.
    const docs: EngineDocument[] = [];
    for (let i = start; i < end; i += 1) {
      const id = index.entries[i]!.id;
      this.rowsVisited += 1;
      if (pending.has(id)) continue;
      const doc = this.db._documents[id];
      if (doc && inRange(doc, bounds)) docs.push(doc);
    }
    for (const id of pending) {
      const doc = this.db.get(table, id);
      if (doc && inRange(doc, bounds)) docs.push(doc);
    }
    docs.sort((a, b) =>
      compareKeys(index.keyOf(a), index.keyOf(b), index.fields.length),
    );
    if (order === "desc") docs.reverse();
    yield* docs;
  }

  /** Validates the query with convex-test's own code and returns its filters plus the index walk. */
  private resolve(query: SerializedQuery): {
    shape: QuerySourceShape;
    docs: Iterable<EngineDocument>;
  } {
    const readSet = this.tracking.getStore();
    const source = query.source;
    if (source.type === "Search") {
      throw new Error("search queries are resolved by convex-test");
    }
    // Let convex-test check the query and compile its filters over an empty
    // table, then supply the documents from the index.
    const iterate = this.db._iterateDocs;
    this.db._iterateDocs = () => {};
    let shape: QuerySourceShape;
    try {
      shape = this.originalResolve(query);
    } finally {
      this.db._iterateDocs = iterate;
    }
    const order = source.order ?? "asc";
    if (source.type === "FullTableScan") {
      readSet?.tables.add(source.tableName);
      return {
        shape,
        docs: this.rangeDocs(source.tableName, "by_creation_time", [], order),
      };
    }
    const [table = "", indexName = ""] = source.indexName.split(".");
    const bounds: RangeBound[] = source.range.map((bound) => ({
      type: bound.type,
      fieldPath: bound.fieldPath,
      value: decodeBound(bound.value),
    }));
    readSet?.ranges.push({ table, bounds });
    return { shape, docs: this.rangeDocs(table, indexName, bounds, order) };
  }

  private patch() {
    const db = this.db;
    const tracking = this.tracking;
    const originalGet = db.get.bind(db);
    db.get = (table, id) => {
      const readSet = tracking.getStore();
      if (readSet && typeof id === "string") readSet.ids.add(id);
      return originalGet(table, id);
    };

    db._resolveQuerySource = (query) => {
      if (query.source.type === "Search") {
        tracking.getStore()?.tables.add(query.source.indexName.split(".")[0]!);
        return this.originalResolve(query);
      }
      const { shape, docs } = this.resolve(query);
      shape.sortedDocs = [...docs];
      return shape;
    };
    // Streams (`collect`, `take`, `first`, iteration): lazily, row by row.
    const originalEvaluate = db._evaluateQuery.bind(db);
    db._evaluateQuery = (query) => {
      if (query.source.type === "Search") {
        tracking.getStore()?.tables.add(query.source.indexName.split(".")[0]!);
        return originalEvaluate(query);
      }
      const { shape, docs } = this.resolve(query);
      const filter = shape.filterFn as (doc: EngineDocument) => boolean;
      const limit = shape.limit as number | null;
      return (function* () {
        let returned = 0;
        if (limit !== null && limit <= 0) return;
        for (const doc of docs) {
          if (!filter(doc)) continue;
          yield doc;
          returned += 1;
          if (limit !== null && returned >= limit) return;
        }
      })();
    };

    // convex-test keeps every query's iterator until the test ends; drop it
    // once it is exhausted so a long-running backend does not grow.
    const originalNext = db.queryNext.bind(db);
    db.queryNext = (queryId) => {
      const result = originalNext(queryId);
      if (result.done) delete db._queryResults[queryId];
      return result;
    };

    const originalCommit = db.commit.bind(db);
    db.commit = (commitTs = null) => {
      const topLevel = db._writes.length === 1;
      const layer = db._writes[db._writes.length - 1] ?? {};
      const before = topLevel
        ? Object.keys(layer).map(
            (id) => [id, db._documents[id] ?? null] as const,
          )
        : [];
      originalCommit(commitTs);
      if (!topLevel) return;
      const writes: DocumentWrite[] = [];
      for (const [id, old] of before) {
        const table = tableOfId(id);
        const now = db._documents[id] ?? null;
        writes.push({ table, id, before: old, after: now });
        for (const [name, index] of this.built) {
          if (!name.startsWith(`${table}.`)) continue;
          if (old) index.remove(old, id);
          if (now) index.add(now, id);
        }
      }
      this.lastWrites = writes;
    };
  }
}

function decodeBound(value: unknown): Value | undefined {
  if (typeof value === "object" && value !== null && "$undefined" in value) {
    return undefined;
  }
  return jsonToConvex(value as never);
}
