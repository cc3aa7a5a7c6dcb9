import { expect } from "@playwright/test";
import { e2eEnv } from "../../scripts/e2eEnv";

/** One socket as the Convex stand-in's `/_admin/counters` reports it. */
export type ConvexSocket = {
  identity: {
    subject: string | null;
    tokenIdentifier: string | null;
    /** ISO time. */
    expiresAt: string;
    expired: boolean;
  } | null;
  identityVersion: number;
  subscriptions: number;
};

export type ConvexCounters = {
  connectionsOpened: number;
  connectionsClosed: number;
  connectionsOpen: number;
  connectionsRefused: number;
  authAccepted: number;
  authRejected: number;
  authExpired: number;
  mutations: number;
  paused: boolean;
  sockets: ConvexSocket[];
};

const adminHeaders = { "x-admin-key": e2eEnv.adminKey };

export async function convexCounters(): Promise<ConvexCounters> {
  const response = await fetch(`${e2eEnv.backendUrl}/_admin/counters`, {
    headers: adminHeaders,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ConvexCounters;
}

export async function convexAdmin(
  action: "drop-connections" | "pause" | "resume",
) {
  const response = await fetch(`${e2eEnv.backendUrl}/_admin/${action}`, {
    method: "POST",
    headers: adminHeaders,
  });
  expect(response.status, `/_admin/${action}`).toBe(200);
}

/** Stops the Convex stand-in's server, waits `downMs`, starts it on the same data file. */
export async function restartConvex(downMs: number) {
  const response = await fetch(
    `${e2eEnv.controlUrl}/convex/restart?downMs=${downMs}`,
    { method: "POST" },
  );
  expect(response.status, await response.text()).toBe(200);
}

/** Sockets currently authenticated as `subject` with a token the Convex stand-in still accepts. */
export function liveSocketsFor(counters: ConvexCounters, subject: string) {
  return counters.sockets.filter(
    (socket) =>
      socket.identity?.subject === subject && !socket.identity.expired,
  );
}
