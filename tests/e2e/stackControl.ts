import { expect } from "@playwright/test";
import { e2eEnv } from "../../scripts/e2eEnv";

export type StandIn = "clerk" | "convex";

/**
 * Takes a stand-in away for real (its port refuses connections) or brings it back
 * on the same data, through the E2E stack's loopback control.
 */
export async function controlStandIn(
  standIn: StandIn,
  action: "stop" | "start",
) {
  const response = await fetch(`${e2eEnv.controlUrl}/${standIn}/${action}`, {
    method: "POST",
  });
  expect(response.status, await response.text()).toBe(200);
}
