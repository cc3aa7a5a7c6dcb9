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

  /** Tables this read set can be touched through (for the registry's table index). */
  touchedTables(): Set<string> {
    const tables = new Set(this.tables);
    for (const range of this.ranges) tables.add(range.table);
    for (const id of this.ids) tables.add(tableOfId(id));
    return tables;
  }

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
