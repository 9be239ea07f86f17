import { healthResponse } from "@/lib/http/health-route";

export const dynamic = "force-dynamic";

export async function GET() {
  return healthResponse();
}
