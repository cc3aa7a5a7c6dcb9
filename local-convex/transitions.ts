import type { Subscription } from "./socketQuerySet";
import { encodeVersion, type StateVersion } from "./wire";

/**
 * A socket's versions and what its next Transition must carry. The client
 * checks that each Transition starts where the previous one ended, so the
 * versions only move here, when a Transition is written.
 */
export class TransitionTracker {
  /** Versions the client has been sent. */
  private version: StateVersion = { querySet: 0, identity: 0, ts: 0n };
  /** Versions the next Transition must reach. */
  private readonly target = { querySet: 0, identity: 0 };
  private removedPending: number[] = [];
  /** A successful mutation's ts that a Transition must still reach. */
  private needTs = 0n;

  /** The identity version the client has been sent (an AuthError's baseVersion). */
  get sentIdentityVersion() {
    return this.version.identity;
  }
  get sentQuerySetVersion() {
    return this.version.querySet;
  }
  /** What the next Authenticate must name as its baseVersion. */
  get targetIdentityVersion() {
    return this.target.identity;
  }
  /** What the next ModifyQuerySet must name as its baseVersion. */
  get targetQuerySetVersion() {
    return this.target.querySet;
  }

  identityChanged() {
    this.target.identity += 1;
  }

  querySetChanged(newVersion: number, removed: number[]) {
    this.target.querySet = newVersion;
    this.removedPending.push(...removed);
  }

  /** The client resolves a mutation only on a Transition reaching its ts. */
  mutationCommitted(ts: bigint) {
    if (ts > this.needTs) this.needTs = ts;
  }

  /** Nothing but new query results is waiting to go out. */
  onlyResultsPending(): boolean {
    return (
      this.target.querySet === this.version.querySet &&
      this.target.identity === this.version.identity &&
      this.removedPending.length === 0 &&
      this.needTs <= this.version.ts
    );
  }

  /**
   * The Transition text reaching `dataVersion` with the given changed
   * results, or null when there is nothing to send. Marks the results sent
   * and moves the versions on.
   */
  next(
    dataVersion: bigint,
    changed: Subscription[],
    clientClockSkew: number | undefined,
  ): string | null {
    const start = this.version;
    const end: StateVersion = {
      querySet: this.target.querySet,
      identity: this.target.identity,
      ts: dataVersion > start.ts ? dataVersion : start.ts,
    };
    const versionsMoved =
      end.querySet !== start.querySet ||
      end.identity !== start.identity ||
      this.needTs > start.ts;
    if (
      changed.length === 0 &&
      this.removedPending.length === 0 &&
      !versionsMoved
    ) {
      return null;
    }
    const modifications: string[] = [];
    for (const subscription of changed) {
      const { group } = subscription;
      // The payload is serialized once per result and spliced in for every socket.
      modifications.push(
        `{"type":"${group.failed ? "QueryFailed" : "QueryUpdated"}","queryId":${subscription.queryId},${group.payload.slice(1, -1)},"journal":null}`,
      );
      subscription.sent = group.payload;
    }
    for (const queryId of this.removedPending) {
      modifications.push(`{"type":"QueryRemoved","queryId":${queryId}}`);
    }
    this.removedPending = [];
    this.version = end;
    if (this.needTs <= end.ts) this.needTs = 0n;
    const skew =
      clientClockSkew !== undefined
        ? `,"clientClockSkew":${clientClockSkew}`
        : "";
    return `{"type":"Transition","startVersion":${JSON.stringify(encodeVersion(start))},"endVersion":${JSON.stringify(encodeVersion(end))},"modifications":[${modifications.join(",")}]${skew},"serverTs":${Date.now() * 1_000_000}}`;
  }
}
