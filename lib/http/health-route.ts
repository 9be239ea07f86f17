import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/server/database";

/** GET /api/health: 200 with the database mode when the database answers, else 503. */
export async function healthResponse(): Promise<NextResponse> {
  try {
    const database = await getDatabase();
    await database.prisma.$queryRawUnsafe("select 1");
    return NextResponse.json({ status: "ok", database: database.mode });
  } catch {
    return NextResponse.json({ status: "unavailable" }, { status: 503 });
  }
}
