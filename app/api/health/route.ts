import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/server/database";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const database = await getDatabase();
    await database.prisma.$queryRawUnsafe("select 1");
    return NextResponse.json({ status: "ok", database: database.mode });
  } catch {
    return NextResponse.json({ status: "unavailable" }, { status: 503 });
  }
}
