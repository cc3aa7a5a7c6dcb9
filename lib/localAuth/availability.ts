import type { ServerConfig } from "@/lib/config";

export type LocalAuthAvailability =
  { enabled: true } | { enabled: false; status: 403 | 404; reason: string };

/**
 * The local identity provider exists for development and tests. It answers only in
 * local mode, and in a production build only when explicitly allowed, so a deployed
 * app cannot be signed into by typing any email address.
 */
export function localAuthAvailability(
  config: ServerConfig,
): LocalAuthAvailability {
  if (config.authMode !== "local") {
    return {
      enabled: false,
      status: 404,
      reason:
        "The local identity provider is off because the app runs in clerk mode.",
    };
  }
  if (config.isProduction && !config.localAuth.allowInProduction) {
    return {
      enabled: false,
      status: 403,
      reason:
        "The local identity provider refuses to run in a production build. Set LOCAL_AUTH_ALLOW_IN_PRODUCTION=true to allow it (tests only; anyone can sign in as anyone).",
    };
  }
  return { enabled: true };
}
