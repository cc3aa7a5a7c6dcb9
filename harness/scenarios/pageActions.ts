import { z } from "zod";

/**
 * What the harness page asks its server to do during a scenario run
 * (`/api/dev/scenario`): set Clerk faults, or end the caller's own session.
 */

export const SCENARIO_ROUTE = "/api/dev/scenario";
export const MAX_SCENARIO_BODY_BYTES = 1024;

const tokenEndpoint = z
  .object({
    kind: z.enum(["status5xx", "status429", "refused", "delay"]),
    seconds: z.number().int().min(1).max(120).optional(),
    status: z.number().int().min(500).max(599).optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    only: z.enum(["all", "forced"]),
  })
  .strict();

export const scenarioActionSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("faults"),
      faults: z
        .object({
          sameTokenAgain: z.enum(["off", "once", "always"]).optional(),
          tokenEndpoint: tokenEndpoint.nullable().optional(),
          downForSeconds: z.number().int().min(1).max(600).optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("end-session"),
      reason: z.enum(["revoked", "maximum_lifetime", "inactivity"]),
    })
    .strict(),
]);

export type ScenarioAction = z.infer<typeof scenarioActionSchema>;
