/** Lets sockets, timers and token checks run before the next function execution. */
export const yieldToIo = () =>
  new Promise<void>((resolve) => setImmediate(resolve));

type Job = () => Promise<void>;

export type WorkQueueOptions = {
  /** Most jobs run while a refresh waits (bounds update latency under load). */
  maxJobsBeforeRefresh?: number;
  /** Longest a requested refresh waits behind jobs, in ms. */
  maxRefreshDelayMs?: number;
};

/**
 * The one line every function execution waits in. Jobs run one at a time,
 * each after a yield to I/O, so a long run of executions never starves
 * sockets or timers. Two lanes: `urgent` (identity changes) runs before
 * `normal` (mutations, query-set changes, HTTP calls). A requested refresh
 * (re-running subscriptions after commits) runs once the normal lane is
 * empty, or after a bounded number of jobs or milliseconds, so commits are
 * batched but updates never wait long.
 */
export class WorkQueue {
  private readonly urgent: Job[] = [];
  private readonly normal: Job[] = [];
  private refreshRequestedAt: number | null = null;
  private jobsSinceRefresh = 0;
  private pumping = false;
  private readonly maxJobs: number;
  private readonly maxDelayMs: number;
  /** Waits and run times, for the benchmark. */
  readonly stats = {
    jobs: 0,
    jobRunMsTotal: 0,
    yieldMsTotal: 0,
    jobWaitMsTotal: 0,
    jobWaitMsMax: 0,
    refreshes: 0,
    refreshMsTotal: 0,
    refreshMsMax: 0,
    refreshDelayMsMax: 0,
  };

  constructor(
    private readonly refresh: (requestedAt: number) => Promise<void>,
    options: WorkQueueOptions = {},
  ) {
    this.maxJobs = options.maxJobsBeforeRefresh ?? 16;
    this.maxDelayMs = options.maxRefreshDelayMs ?? 20;
  }

  get length() {
    return this.urgent.length + this.normal.length;
  }

  run<T>(
    work: () => Promise<T>,
    lane: "urgent" | "normal" = "normal",
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queuedAt = Date.now();
      (lane === "urgent" ? this.urgent : this.normal).push(() => {
        const waited = Date.now() - queuedAt;
        this.stats.jobs += 1;
        this.stats.jobWaitMsTotal += waited;
        if (waited > this.stats.jobWaitMsMax) this.stats.jobWaitMsMax = waited;
        const started = performance.now();
        return work()
          .then(resolve, reject)
          .finally(() => {
            this.stats.jobRunMsTotal += performance.now() - started;
          });
      });
      this.pump();
    });
  }

  requestRefresh() {
    this.refreshRequestedAt ??= Date.now();
    this.pump();
  }

  private refreshDue(): boolean {
    if (this.refreshRequestedAt === null) return false;
    return (
      this.normal.length === 0 ||
      this.jobsSinceRefresh >= this.maxJobs ||
      Date.now() - this.refreshRequestedAt >= this.maxDelayMs
    );
  }

  private pump() {
    if (this.pumping) return;
    this.pumping = true;
    void this.drain().finally(() => {
      this.pumping = false;
      if (this.length > 0 || this.refreshRequestedAt !== null) this.pump();
    });
  }

  private async drain() {
    while (this.length > 0 || this.refreshRequestedAt !== null) {
      const yielded = performance.now();
      await yieldToIo();
      this.stats.yieldMsTotal += performance.now() - yielded;
      const urgent = this.urgent.shift();
      if (urgent) {
        await urgent();
        continue;
      }
      if (this.refreshDue()) {
        const requestedAt = this.refreshRequestedAt!;
        this.refreshRequestedAt = null;
        this.jobsSinceRefresh = 0;
        const started = Date.now();
        await this.refresh(requestedAt);
        const took = Date.now() - started;
        this.stats.refreshes += 1;
        this.stats.refreshMsTotal += took;
        if (took > this.stats.refreshMsMax) this.stats.refreshMsMax = took;
        const delay = started - requestedAt;
        if (delay > this.stats.refreshDelayMsMax) {
          this.stats.refreshDelayMsMax = delay;
        }
        continue;
      }
      const job = this.normal.shift();
      if (job) {
        this.jobsSinceRefresh += 1;
        await job();
      }
    }
  }
}
