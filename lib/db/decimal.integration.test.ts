import { afterAll, beforeAll, expect, it } from "vitest";
import { Decimal } from "@/lib/billing/decimal";
import type { Database } from "@/lib/db/connection";
import { fromDb, toDb } from "@/lib/db/decimal";
import { describeEachDatabase, freshDatabase } from "@/lib/test-support/databases";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";

const VALUES = [
  "0.000000000001",
  "123456789012345678901234567890",
  "99999999999999999999999999999999999.999999999999999999999999999999",
  "-0.000000000000000000000000000001",
  "0.1",
  "1234.5",
  "0",
];

describeEachDatabase("numeric columns", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase(kind);
  });
  afterAll(() => db.close());

  it.each(VALUES)("round-trip %s exactly", async (value) => {
    const customer = await db.prisma.customer.create({ data: { name: `decimal ${value}` } });
    const item = await db.prisma.scheduleItem.create({
      data: { customerId: customer.id, timestamp: new Date(), unitPrice: toDb(new Decimal(value)), amount: toDb(new Decimal(value)) },
    });
    const read = await db.prisma.scheduleItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(fromDb(read.amount).equals(new Decimal(value))).toBe(true);
    expect(fromDb(read.amount).toFixed()).toBe(new Decimal(value).toFixed());
  });

  it("keep a credit type's conversion rate exact through raw SQL too", async () => {
    const rows = await db.prisma.$queryRaw<{ v: { toString(): string } }[]>`select ${"0.000000000001"}::numeric * 3 as v`;
    expect(fromDb(rows[0]!.v).toFixed()).toBe("0.000000000003");
    expect((await db.prisma.creditType.findUniqueOrThrow({ where: { id: USD_CENTS.id } })).precision).toBe(0);
  });
});
