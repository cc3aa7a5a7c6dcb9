import { localAuthRoutes } from "@/lib/localAuth/routes";

// Node runtime: the provider reads its keys and sessions from disk.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = localAuthRoutes.getSettings;
export const PUT = localAuthRoutes.putSettings;
