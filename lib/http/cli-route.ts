import { timingSafeEqual } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { appErrorOf } from "@/lib/errors";
import { runCliCommand } from "@/lib/server/cli-commands";
import { getDatabase } from "@/lib/server/database";

// Lets operator commands run inside the server that holds the embedded database. Only a caller
// that can read the data directory's lock file knows the control token.
export async function cliCommandResponse(request: NextRequest): Promise<NextResponse> {
  const database = await getDatabase();
  const given = Buffer.from(request.headers.get("x-rateline-control-token") ?? "");
  const expected = Buffer.from(database.controlToken ?? "");
  if (!expected.length || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return NextResponse.json({ message: "Not allowed." }, { status: 403 });
  }
  const { command, args } = (await request.json()) as { command: string; args: string[] };
  try {
    return NextResponse.json({ output: await runCliCommand(database, command, args ?? [], true) });
  } catch (error) {
    const refusal = appErrorOf(error);
    if (refusal) return NextResponse.json({ message: refusal.message }, { status: refusal.status });
    console.error(error);
    return NextResponse.json({ message: "The command failed inside the server; see its log." }, { status: 500 });
  }
}
