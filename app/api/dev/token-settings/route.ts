export { GET, POST } from "@/harness/server/tokenSettingsRoute";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
