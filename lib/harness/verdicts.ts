import type { LaneId } from "./lanes";

/**
 * The verdicts of the end-to-end conformance matrix (docs/e2e.md, "Latest
 * matrix"), shown on the page so a reader sees the answer before the live run
 * reaches it. Keep in step with that table.
 */
export type LaneVerdict = {
  /** Keeps working past token expiry, Clerk's native Convex integration (session tokens). */
  native: string;
  /** The same with the `convex` JWT template. */
  template: string;
  /** What the lane's token carries after an organization switch. */
  orgSwitch: string;
};

export const VERDICTS: Record<LaneId, LaneVerdict> = {
  official: {
    native: "Yes",
    template: "Yes",
    orgSwitch:
      "The new organization at once: the provider makes a new callback.",
  },
  "svelte-hybrid": {
    native: "Yes",
    template: "Yes",
    orgSwitch:
      "The old organization until its next scheduled refresh (up to the token lifetime minus 10 s).",
  },
  "svelte-static": {
    native: "No: fails when the page's token expires",
    template: "No: fails when the page's token expires",
    orgSwitch: "The old organization, until it fails at expiry.",
  },
  "server-endpoint": {
    native: "Yes",
    template: "Yes",
    orgSwitch: "The new organization at its next scheduled refresh.",
  },
  "periodic-invalidation": {
    native: "Only if a newer page token exists when the old one is rejected",
    template: "Only if a newer page token exists when the old one is rejected",
    orgSwitch:
      "The old organization; a newer page token is read only when the server rejects the old one.",
  },
};
