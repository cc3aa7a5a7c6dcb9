/** The Clerk stand-in's own process, started by the kit. */
import { startClerkStandIn } from "../../local-clerk/server";
import type { ClerkInfo, ClerkWorkerOptions } from "./protocol";
import { runWorker } from "./runWorker";

runWorker<ClerkWorkerOptions, ClerkInfo>(
  async ({ hostedPages, ...options }) => {
    const standIn = await startClerkStandIn({
      ...options,
      log: (line) => console.error(line),
    });
    return {
      info: {
        url: standIn.url,
        port: Number(new URL(standIn.url).port),
        publicOrigin: standIn.publicOrigin,
        issuer: standIn.issuer,
        secretKey: standIn.secretKey,
        appEnv: standIn.appEnv({ hostedPages: hostedPages === true }),
      },
      close: () => standIn.close(),
    };
  },
);
