import { compareValues, type Value } from "convex/values";

/** One bound of an index range, as `withIndex` builds it (value decoded). */
export type RangeBound = {
  type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte";
  fieldPath: string;
  value: Value | undefined;
};

/** The documents of `table` whose index fields fall inside `bounds`. */
export type IndexRead = { table: string; bounds: RangeBound[] };

/**
 * What one query execution read. `unknown` means the engine saw the function
 * do something it cannot describe as a read set (then the query is re-run
 * after every commit, never skipped).
 */
export class ReadSet {
  unknown = false;
  /** Whether the query asked for the caller's identity. */
  identityRead = false;
  /** Tables read as a whole (full scans, search, counts). */
  readonly tables = new Set<string>();
  readonly ids = new Set<string>();
  readonly ranges: IndexRead[] = [];

  describe() {
    return {
      unknown: this.unknown,
      identityRead: this.identityRead,
      tables: [...this.tables],
      ids: this.ids.size,
      ranges: this.ranges.length,
    };
  }
}

/** A committed change to one document. */
export type DocumentWrite = {
  table: string;
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/** Reads a (possibly dotted) field of a document, like Convex field paths. */
export function fieldValue(
  doc: Record<string, unknown>,
  fieldPath: string,
): Value | undefined {
  let current: unknown = doc;
  for (const part of fieldPath.split(".")) {
    if (
      current === null ||
      typeof current !== "object" ||
      Array.isArray(current) ||
      Object.getPrototypeOf(current) !== Object.prototype
    ) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current as Value | undefined;
}

export function inRange(
  doc: Record<string, unknown>,
  bounds: RangeBound[],
): boolean {
  for (const bound of bounds) {
    const order = compareValues(fieldValue(doc, bound.fieldPath), bound.value);
    const ok =
      bound.type === "Eq"
        ? order === 0
        : bound.type === "Gt"
          ? order > 0
          : bound.type === "Gte"
            ? order >= 0
            : bound.type === "Lt"
              ? order < 0
              : order <= 0;
    if (!ok) return false;
  }
  return true;
}

/** True when a commit could change what a query with this read set returns. */
export function readSetTouched(
  readSet: ReadSet,
  writes: readonly DocumentWrite[],
): boolean {
  if (readSet.unknown) return true;
  for (const write of writes) {
    if (readSet.tables.has(write.table) || readSet.ids.has(write.id)) {
      return true;
    }
    for (const range of readSet.ranges) {
      if (range.table !== write.table) continue;
      if (write.before && inRange(write.before, range.bounds)) return true;
      if (write.after && inRange(write.after, range.bounds)) return true;
    }
  }
  return false;
}

/** convex-test ids are a zero-padded counter followed by the table name. */
export function tableOfId(id: string): string {
  const match = /^\d+(.*)$/.exec(id);
  return match?.[1] ?? "";
}

/**
 * Finds the readers a commit could touch without checking every reader of a
 * written table: a range that starts with `eq(field, "text")` is filed under
 * that value, ids under the id, everything else under its table. Candidates
 * still go through `readSetTouched`; this only narrows who is checked.
 */
export class ReadIndex<T> {
  private readonly byTable = new Map<string, Set<T>>();
  private readonly byId = new Map<string, Set<T>>();
  private readonly byValue = new Map<string, Set<T>>();
  /** Per table, the fields ranges are filed by (with how many ranges use each). */
  private readonly valueFields = new Map<string, Map<string, number>>();
  private readonly entries = new Map<T, Array<[Map<string, Set<T>>, string]>>();

  add(reader: T, readSet: ReadSet) {
    this.remove(reader);
    const entries: Array<[Map<string, Set<T>>, string]> = [];
    const file = (map: Map<string, Set<T>>, key: string) => {
      let set = map.get(key);
      if (set === undefined) {
        set = new Set();
        map.set(key, set);
      }
      set.add(reader);
      entries.push([map, key]);
    };
    for (const table of readSet.tables) file(this.byTable, table);
    for (const id of readSet.ids) file(this.byId, id);
    for (const range of readSet.ranges) {
      const first = range.bounds[0];
      if (first?.type === "Eq" && typeof first.value === "string") {
        file(this.byValue, valueKey(range.table, first.fieldPath, first.value));
        const fields = this.valueFields.get(range.table) ?? new Map();
        fields.set(first.fieldPath, (fields.get(first.fieldPath) ?? 0) + 1);
        this.valueFields.set(range.table, fields);
        entries.push([FIELD_MARK, `${range.table}\u0000${first.fieldPath}`]);
      } else {
        file(this.byTable, range.table);
      }
    }
    this.entries.set(reader, entries);
  }

  remove(reader: T) {
    const entries = this.entries.get(reader);
    if (entries === undefined) return;
    this.entries.delete(reader);
    for (const [map, key] of entries) {
      if (map === FIELD_MARK) {
        const [table = "", field = ""] = key.split("\u0000");
        const fields = this.valueFields.get(table);
        const count = (fields?.get(field) ?? 1) - 1;
        if (count > 0) fields!.set(field, count);
        else fields?.delete(field);
        continue;
      }
      const set = map.get(key);
      set?.delete(reader);
      if (set?.size === 0) map.delete(key);
    }
  }

  candidates(writes: readonly DocumentWrite[], into: Set<T>) {
    const add = (set: Set<T> | undefined) => {
      if (set) for (const reader of set) into.add(reader);
    };
    for (const write of writes) {
      add(this.byTable.get(write.table));
      add(this.byId.get(write.id));
      for (const field of this.valueFields.get(write.table)?.keys() ?? []) {
        for (const doc of [write.before, write.after]) {
          const value = doc ? fieldValue(doc, field) : undefined;
          if (typeof value === "string") {
            add(this.byValue.get(valueKey(write.table, field, value)));
          }
        }
      }
    }
    return into;
  }
}

/** Stands in the entry list for "a field count to release". */
const FIELD_MARK = new Map<string, Set<never>>();

const valueKey = (table: string, field: string, value: string) =>
  `${table}\u0000${field}\u0000${value}`;
