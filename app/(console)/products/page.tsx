import type { Metadata } from "next";
import Link from "next/link";
import { ChipsCell, DateTimeCell, FilterSelect, ListPage, NameCell, ReadOnlyNote } from "@/components/console/list-page";
import { oneOf, readSortedParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Td } from "@/components/ui/table";
import { consoleContext } from "@/lib/server/console-context";
import { can } from "@/lib/services/context";
import { listProducts } from "@/lib/services/products/list-products";
import { PRODUCT_TYPES } from "@/lib/services/products/schemas";
import { listProductRateCards } from "@/lib/services/rate-cards/list-product-rate-cards";
import { PRODUCT_TYPE_LABELS } from "./product-text";

export const metadata: Metadata = { title: "Products" };

const PATH = "/products";
const STATUS = { live: "NOT_ARCHIVED", archived: "ARCHIVED", all: "ALL" } as const;

export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const raw = readSortedParams(await searchParams, ["search", "type", "status"], ["name", "created_at"]);
  const params = {
    ...raw,
    type: raw.type && PRODUCT_TYPES.includes(raw.type as never) ? raw.type : undefined,
    status: oneOf(raw.status, ["live", "archived", "all"], "live"),
  };
  const page = await listProducts(ctx, {
    search: params.search,
    type: params.type as (typeof PRODUCT_TYPES)[number] | undefined,
    archive_filter: STATUS[params.status],
    sort: params.sort,
    order: params.order,
    next_page: params.next_page,
    limit: 25,
  });
  const pricedOn = await listProductRateCards(ctx, page.data.map((p) => p.id));
  return (
    <>
      <PageHeader
        title="Products"
        description="What you sell: each product becomes a line on invoices. Rate cards give products their prices."
        actions={can(user, "pricing:write") && <Link href="/products/new" className={buttonClassName()}>New product</Link>}
      />
      {!can(user, "pricing:write") && <ReadOnlyNote>Only the pricing or admin role can change products; you can look.</ReadOnlyNote>}
      <ListPage pathname={PATH} params={params} page={page} search="Product name" searchWidth="w-64" filtered={Boolean(params.type || params.status !== "live")}
        filters={
          <>
            <FilterSelect label="Type" name="type" value={params.type ?? ""} options={[{ value: "", label: "All types" }, ...PRODUCT_TYPES.map((t) => ({ value: t, label: PRODUCT_TYPE_LABELS[t] }))]} />
            <FilterSelect label="Show" name="status" value={params.status} options={[{ value: "live", label: "Live products" }, { value: "archived", label: "Archived products" }, { value: "all", label: "All products" }]} />
          </>
        }
        empty={{ title: "No products yet", hint: "Create one, or through POST /v1/contract-pricing/products/create." }}
        noMatch={{ title: "No products match", hint: "Try another name or type, or clear the filters." }}
        caption="Products"
        columns={[{ label: "Name", sort: "name" }, "Type", "Billable metric", "Tags", "Priced on", { label: "Created", sort: "created_at" }]}
        row={(product) => (
          <tr key={product.id} className="hover:bg-slate-50">
            <NameCell href={`/products/${product.id}`} name={product.current.name} archived={Boolean(product.archivedAt)} />
            <Td><Badge tone={product.type === "USAGE" ? "blue" : "neutral"}>{PRODUCT_TYPE_LABELS[product.type]}</Badge></Td>
            <Td className="text-slate-600">{product.current.billableMetric?.name ?? <span className="text-slate-500">—</span>}</Td>
            <ChipsCell items={product.current.tags} />
            <Td className="text-slate-600">
              {(pricedOn.get(product.id) ?? []).map((card, i) => (
                <span key={card.id}>
                  {i > 0 && ", "}
                  <Link href={`/rate-cards/${card.id}/products/${product.id}`} className="hover:text-brand-700 hover:underline">{card.name}</Link>
                </span>
              ))}
              {!pricedOn.get(product.id) && <span className="text-slate-500">Not priced</span>}
            </Td>
            <DateTimeCell at={product.createdAt} />
          </tr>
        )}
      />
    </>
  );
}
