"use client";

import { useMemo } from "react";
import { usePaginatedQuery, type Preloaded } from "convex/react";
import { preloadedQueryResult } from "convex/nextjs";
import type {
  PaginatedQueryArgs,
  PaginatedQueryItem,
  PaginatedQueryReference,
} from "convex/react";

export type Pages<Item> = {
  items: Item[];
  /** False while the server's first page is shown and nothing is subscribed yet. */
  live: boolean;
  /** "more": another page exists; "loading": one is on its way; "done": that was all. */
  next: "more" | "loading" | "done";
  loadMore: () => void;
};

/** Keeps the first of any repeated id: a page boundary can shift under writes. */
export function uniqueById<Item extends { _id: string }>(
  items: Item[],
): Item[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item._id)) return false;
    seen.add(item._id);
    return true;
  });
}

/**
 * A paginated list that starts from the server's first page (from
 * `preloadQuery`) and hands over to a live `usePaginatedQuery` once
 * `subscribe` is true and its first page has arrived, so nothing flashes.
 */
export function usePreloadedPages<Query extends PaginatedQueryReference>(
  query: Query,
  args: PaginatedQueryArgs<Query>,
  preloaded: Preloaded<Query>,
  pageSize: number,
  subscribe: boolean,
): Pages<PaginatedQueryItem<Query>> {
  const server = useMemo(
    () =>
      preloadedQueryResult(preloaded) as {
        page: PaginatedQueryItem<Query>[];
        isDone: boolean;
      },
    [preloaded],
  );
  const live = usePaginatedQuery(query, subscribe ? args : "skip", {
    initialNumItems: pageSize,
  });
  const liveItems = useMemo(
    () => uniqueById(live.results as Array<PaginatedQueryItem<Query>>),
    [live.results],
  );
  if (!subscribe || live.status === "LoadingFirstPage") {
    return {
      items: server.page,
      live: false,
      next: server.isDone ? "done" : "more",
      // Loading more waits for the live query: its cursor is the one that counts.
      loadMore: () => {},
    };
  }
  return {
    items: liveItems,
    live: true,
    next:
      live.status === "Exhausted"
        ? "done"
        : live.status === "LoadingMore"
          ? "loading"
          : "more",
    loadMore: () => live.loadMore(pageSize),
  };
}
