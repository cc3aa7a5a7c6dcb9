export { POST } from "@/harness/server/scenarioRoute";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
