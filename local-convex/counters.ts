import type { SyncSession } from "./syncSession";

/** Numbers the test controls expose; all counts since start (or the last reset of counters). */
export class Counters {
  private readonly open = new Set<SyncSession>();
  private values = Counters.zero();

  private static zero() {
    return {
      connectionsOpened: 0,
      connectionsClosed: 0,
      connectionsRefused: 0,
      authAccepted: 0,
      authRejected: 0,
      authExpired: 0,
      transitions: 0,
      mutations: 0,
      httpCalls: 0,
      httpUnauthorized: 0,
      protocolErrors: 0,
    };
  }

  socketOpened(session: SyncSession) {
    this.open.add(session);
    this.values.connectionsOpened += 1;
  }
  socketClosed(session: SyncSession) {
    if (this.open.delete(session)) this.values.connectionsClosed += 1;
  }
  connectionRefused() {
    this.values.connectionsRefused += 1;
  }
  authAccepted() {
    this.values.authAccepted += 1;
  }
  authRejected() {
    this.values.authRejected += 1;
  }
  authExpired() {
    this.values.authExpired += 1;
  }
  transition() {
    this.values.transitions += 1;
  }
  mutation() {
    this.values.mutations += 1;
  }
  httpCall() {
    this.values.httpCalls += 1;
  }
  httpUnauthorized() {
    this.values.httpUnauthorized += 1;
  }
  protocolError() {
    this.values.protocolErrors += 1;
  }

  sessions(): SyncSession[] {
    return [...this.open];
  }

  snapshot(extra: Record<string, unknown> = {}) {
    return {
      ...this.values,
      connectionsOpen: this.open.size,
      ...extra,
      sockets: this.sessions().map((session) => session.describe()),
    };
  }

  resetCounts() {
    this.values = Counters.zero();
  }
}

export type CountersSnapshot = ReturnType<Counters["snapshot"]>;
