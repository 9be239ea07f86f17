import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { loadFormOptions } from "../load-form-options";
import { ProductForm } from "../product-form";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const { metrics, products } = await loadFormOptions(ctx);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/products" className="text-slate-500 hover:text-slate-900">Products</Link>
      </nav>
      <PageHeader title="New product" description="Something you sell. Give it prices on a rate card once it exists." />
      {!can(user, "pricing:write") && (
        <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the pricing or admin role can create products; you can look, but saving will be refused.</p>
      )}
      <Card>
        <ProductForm
          metrics={metrics}
          products={products}
          initial={{
            name: "",
            type: "USAGE",
            billableMetricId: "",
            pricingGroupKey: [],
            presentationGroupKey: [],
            conversionOperation: "",
            conversionFactor: "",
            roundingMethod: "",
            roundingPlaces: "0",
            tags: [],
            compositeProductIds: [],
            compositeTags: [],
            excludeFreeUsage: false,
          }}
        />
      </Card>
    </>
  );
}
