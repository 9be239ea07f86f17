import type { NextRequest } from "next/server";
import { cliCommandResponse } from "@/lib/http/cli-route";

export async function POST(request: NextRequest) {
  return cliCommandResponse(request);
}
