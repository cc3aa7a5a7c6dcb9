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
      "The new organization within a second: the provider makes a new callback.",
  },
  "official-reuse": {
    native: "Yes",
    template: "Yes",
    orgSwitch: "As official: the provider makes a new callback.",
  },
  "patient-token": {
    native: "Yes",
    template: "Yes",
    orgSwitch: "As official: the provider makes a new callback.",
  },
  "svelte-hybrid": {
    native: "Yes",
    template: "Yes",
    orgSwitch:
      "No new callback: a new organization can only come with its next scheduled refresh, and only if the convex template has an organization claim (the local stand-in's has none).",
  },
  "svelte-static": {
    native: "No: fails when the page's token expires",
    template: "No: fails when the page's token expires",
    orgSwitch: "Never: it keeps the page's token until it fails.",
  },
  "server-endpoint": {
    native: "Yes",
    template: "Yes",
    orgSwitch:
      "As svelte-hybrid: only at its next scheduled refresh, through the template's claims.",
  },
  "periodic-invalidation": {
    native:
      "In the measured runs, yes; only because a newer page token existed when the old one was rejected",
    template:
      "In the measured runs, yes; only because a newer page token existed when the old one was rejected",
    orgSwitch:
      "No new callback, and its refreshing often stops: a newer page token reaches Convex mostly when the server rejects the old one, and carries an organization only if the convex template has an organization claim (the local stand-in's has none, so here never).",
  },
};
