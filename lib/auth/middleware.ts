import type { NextFetchEvent, NextMiddleware, NextRequest } from "next/server";
import { serverConfig } from "@/lib/config";
import { createClerkAuthMiddleware } from "./clerkMiddleware";
import { createLocalMiddleware } from "./localMiddleware";

let selected: NextMiddleware | undefined;

/** The app's middleware: Clerk's in clerk mode, the local one otherwise (picked once). */
export function authMiddleware(request: NextRequest, event: NextFetchEvent) {
  if (!selected) {
    const config = serverConfig();
    selected =
      config.authMode === "clerk"
        ? createClerkAuthMiddleware(config)
        : createLocalMiddleware(serverConfig);
  }
  return selected(request, event);
}
