import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/console/filter-bar";
import { Pager } from "@/components/console/pager";
import { SortableTh } from "@/components/console/sortable-th";
import { oneOf, readParams, type SearchParams } from "@/components/console/url-state";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
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
  const raw = readParams(await searchParams, ["search", "type", "status", "sort", "order", "next_page"]);
  const sort = oneOf(raw.sort, ["name", "created_at"], "name");
  const params = {
    ...raw,
    sort,
    order: oneOf(raw.order, ["asc", "desc"], sort === "name" ? "asc" : "desc"),
    type: raw.type && PRODUCT_TYPES.includes(raw.type as never) ? raw.type : undefined,
    status: oneOf(raw.status, ["live", "archived", "all"], "live"),
  };
  const page = await listProducts(ctx, {
    search: params.search,
    type: params.type as (typeof PRODUCT_TYPES)[number] | undefined,
    archive_filter: STATUS[params.status],
    sort,
    order: params.order,
    next_page: params.next_page,
    limit: 25,
  });
  const pricedOn = await listProductRateCards(ctx, page.data.map((p) => p.id));
  const filtered = Boolean(params.search || params.type || params.status !== "live");
  return (
    <>
      <PageHeader
        title="Products"
        description="What you sell: each product becomes a line on invoices. Rate cards give products their prices."
        actions={can(user, "pricing:write") && <Link href="/products/new" className={buttonClassName()}>New product</Link>}
      />
      {!can(user, "pricing:write") && (
        <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the pricing or admin role can change products; you can look.</p>
      )}
      <Card>
        <FilterBar pathname={PATH} active={filtered} keep={{ sort: params.sort, order: params.order }}>
          <div className="w-64">
            <TextField label="Search" name="search" type="search" placeholder="Product name" defaultValue={params.search} />
          </div>
          <div className="w-44">
            <SelectField label="Type" name="type" defaultValue={params.type ?? ""} options={[{ value: "", label: "All types" }, ...PRODUCT_TYPES.map((t) => ({ value: t, label: PRODUCT_TYPE_LABELS[t] }))]} />
          </div>
          <div className="w-44">
            <SelectField label="Show" name="status" defaultValue={params.status} options={[{ value: "live", label: "Live products" }, { value: "archived", label: "Archived products" }, { value: "all", label: "All products" }]} />
          </div>
        </FilterBar>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No products match" : "No products yet"}>
            {filtered ? "Try another name or type, or clear the filters." : "Create one, or through POST /v1/contract-pricing/products/create."}
          </EmptyState>
        ) : (
          <Table caption="Products">
            <thead>
              <tr>
                <SortableTh label="Name" column="name" pathname={PATH} params={params} />
                <Th>Type</Th>
                <Th>Billable metric</Th>
                <Th>Tags</Th>
                <Th>Priced on</Th>
                <SortableTh label="Created" column="created_at" pathname={PATH} params={params} />
              </tr>
            </thead>
            <tbody>
              {page.data.map((product) => (
                <tr key={product.id} className="hover:bg-slate-50">
                  <Td className="font-medium">
                    <Link href={`/products/${product.id}`} className="text-brand-700 hover:underline">{product.current.name}</Link>
                    {product.archivedAt && <span className="ml-2"><Badge>Archived</Badge></span>}
                  </Td>
                  <Td><Badge tone={product.type === "USAGE" ? "blue" : "neutral"}>{PRODUCT_TYPE_LABELS[product.type]}</Badge></Td>
                  <Td className="text-slate-600">{product.current.billableMetric?.name ?? <span className="text-slate-500">—</span>}</Td>
                  <Td>
                    {product.current.tags.length ? (
                      <span className="flex flex-wrap gap-1">
                        {product.current.tags.map((tag) => (
                          <code key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{tag}</code>
                        ))}
                      </span>
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                  </Td>
                  <Td className="text-slate-600">
                    {(pricedOn.get(product.id) ?? []).map((card, i) => (
                      <span key={card.id}>
                        {i > 0 && ", "}
                        <Link href={`/rate-cards/${card.id}/products/${product.id}`} className="hover:text-brand-700 hover:underline">{card.name}</Link>
                      </span>
                    ))}
                    {!pricedOn.get(product.id) && <span className="text-slate-500">Not priced</span>}
                  </Td>
                  <Td className="whitespace-nowrap text-slate-500">{formatDateTime(product.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pager pathname={PATH} params={params} nextPage={page.next_page} shown={page.data.length} />
      </Card>
    </>
  );
}
