/**
 * Messages between the kit and a stand-in's process (Node IPC). The kit sends
 * `start` once; the process answers `ready` or `failed`. Stopping is SIGTERM
 * (or the kit going away), after which the stand-in saves its data and exits 0.
 */
import type { ClerkStandInOptions } from "../../local-clerk/server";

export type StartMessage<Options> = { type: "start"; options: Options };

export type ReadyMessage<Info> = { type: "ready"; info: Info };

export type FailedMessage = {
  type: "failed";
  message: string;
  /** A Node error code such as EADDRINUSE, when there was one. */
  code?: string;
};

export type WorkerMessage<Info> = ReadyMessage<Info> | FailedMessage;

/** Everything `startClerkStandIn` takes except the logger, which the process owns. */
export type ClerkWorkerOptions = Omit<ClerkStandInOptions, "log"> & {
  /** Point the app at the stand-in's hosted sign-in and sign-up pages. */
  hostedPages?: boolean;
};

export type ClerkInfo = {
  url: string;
  port: number;
  publicOrigin: string;
  issuer: string;
  secretKey: string;
  appEnv: Record<string, string>;
};

/** A module the Convex process runs once after its first start (sample rows). */
export type ConvexSeed = {
  /** Absolute path of the module. */
  module: string;
  /** The export to call as `(engine, issuer, input)`; default `default`. */
  exportName?: string;
  input?: unknown;
};

export type ConvexWorkerOptions = {
  port: number;
  convexDir: string;
  /** Set on the process (as `npx convex env set` would) and applied to auth.config. */
  env: Record<string, string>;
  dataFile: string | null;
  adminKey: string;
  issuer: string;
  seed: ConvexSeed | null;
};

export type ConvexInfo = { url: string; port: number };
