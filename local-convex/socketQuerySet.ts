import type { Value } from "convex/values";
import type { Identity } from "./engine";
import type { GroupSubscriber, QueryGroup, QueryHub } from "./queryHub";
import type { AddedQuery } from "./syncMessages";

/** A socket may hold this many subscriptions; more closes it (bounded memory). */
export const MAX_QUERIES_PER_SOCKET = 4096;

export type Subscription = {
  queryId: number;
  udfPath: string;
  args: Record<string, Value>;
  group: QueryGroup;
  /** The group payload last sent for this query id (sent again only when it changed). */
  sent: string | null;
};

/**
 * One socket's subscriptions by query id, each bound to the hub's shared
 * group for (function, args, the socket's identity).
 */
export class SocketQuerySet {
  private readonly queries = new Map<number, Subscription>();

  constructor(
    private readonly hub: QueryHub,
    private readonly subscriber: GroupSubscriber,
    /** The socket's number: with "rerun-all" each socket gets its own groups. */
    private readonly owner: number,
  ) {}

  get size() {
    return this.queries.size;
  }

  /** Removals first, then additions; re-adding a query id replaces its query. */
  apply(added: AddedQuery[], removed: number[], identity: Identity | null) {
    for (const queryId of removed) {
      const subscription = this.queries.get(queryId);
      if (!subscription) continue;
      this.queries.delete(queryId);
      this.hub.unsubscribe(subscription.group, this.subscriber);
    }
    for (const { queryId, udfPath, args } of added) {
      const previous = this.queries.get(queryId);
      if (previous) this.hub.unsubscribe(previous.group, this.subscriber);
      const group = this.hub.group(udfPath, args, identity, this.owner);
      this.hub.subscribe(group, this.subscriber);
      this.queries.set(queryId, { queryId, udfPath, args, group, sent: null });
    }
  }

  /** Points every subscription at the group for `identity` (after Authenticate). */
  rebind(identity: Identity | null) {
    for (const subscription of this.queries.values()) {
      const group = this.hub.group(
        subscription.udfPath,
        subscription.args,
        identity,
        this.owner,
      );
      if (group === subscription.group) continue;
      this.hub.subscribe(group, this.subscriber);
      this.hub.unsubscribe(subscription.group, this.subscriber);
      subscription.group = group;
    }
  }

  groups(): QueryGroup[] {
    return [...this.queries.values()].map((subscription) => subscription.group);
  }

  /** Every query is fresh at the engine's current data version. */
  allReady(): boolean {
    for (const subscription of this.queries.values()) {
      if (!subscription.group.ready) return false;
    }
    return true;
  }

  /** Subscriptions whose group holds a result this socket has not been sent. */
  changed(): Subscription[] {
    const changed: Subscription[] = [];
    for (const subscription of this.queries.values()) {
      if (subscription.sent !== subscription.group.payload) {
        changed.push(subscription);
      }
    }
    return changed;
  }

  /** Leaves every group (the socket closed). */
  release() {
    for (const subscription of this.queries.values()) {
      this.hub.unsubscribe(subscription.group, this.subscriber);
    }
    this.queries.clear();
  }
}
