import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { listProducts } from "@/lib/services/products/list-products";
import { listProductRateCards } from "@/lib/services/rate-cards/list-product-rate-cards";
import { listPackages } from "@/lib/services/packages/list-packages";
import { listRateCards } from "@/lib/services/rate-cards/list-rate-cards";
import { ContractBuilder } from "./contract-builder";

export const metadata: Metadata = { title: "New contract" };

export default async function NewContractPage({ searchParams }: { searchParams: Promise<{ customer?: string }> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const [customers, cards, products, packages] = await Promise.all([
    listCustomers(ctx, { sort: "name", order: "asc", limit: 100 }),
    listRateCards(ctx, { limit: 100 }),
    listProducts(ctx, { sort: "name", limit: 100 }),
    listPackages(ctx, { limit: 100 }),
  ]);
  const pricedOn = await listProductRateCards(ctx, products.data.map((p) => p.id));
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/contracts" className="text-brand-700 hover:underline">← Contracts</Link></p>
      <PageHeader title="New contract" description="Step by step: who, which rate card, when and how often they are billed, then the deal's terms. The review shows the first invoice the engine would produce." />
      {can(user, "customers:write") && packages.data.length > 0 && (
        // A package's page creates the contract (its terms dated from the start chosen there).
        <nav aria-label="Start from a package" className="mb-6 rounded-md bg-slate-50 px-4 py-3 text-sm">
          <span className="text-slate-600">Or start from a package: </span>
          {packages.data.map((p, i) => (
            <span key={p.id}>
              {i > 0 && " · "}
              <Link href={`/packages/${p.id}#new-contract`} className="font-medium text-brand-700 hover:underline">{p.name}</Link>
            </span>
          ))}
        </nav>
      )}
      {can(user, "customers:write") ? (
        <ContractBuilder
          customers={customers.data.map((c) => ({ id: c.id, name: c.name }))}
          rateCards={cards.data.map((c) => ({ id: c.id, name: c.name, unit: { id: c.fiatCreditType.id, name: c.fiatCreditType.name } }))}
          products={products.data.map((p) => ({ id: p.id, name: p.current.name, type: p.type, rateCardIds: (pricedOn.get(p.id) ?? []).map((c) => c.id) }))}
          defaultStart={monthStart}
          initialCustomerId={(await searchParams).customer}
        />
      ) : (
        <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Creating contracts needs the sales or admin role; you are signed in as {user.role}.</p>
      )}
    </>
  );
}
