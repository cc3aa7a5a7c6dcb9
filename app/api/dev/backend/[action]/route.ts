export { POST } from "@/harness/server/backendControlRoute";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
