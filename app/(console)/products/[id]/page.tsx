import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { HOUR_MS } from "@/lib/billing/calendar";
import { formatDateTime } from "@/lib/format";
import { consoleContext, loadOr404 } from "@/lib/server/console-context";
import { can, type ServiceContext } from "@/lib/services/context";
import { listCustomFieldKeys } from "@/lib/services/custom-fields/list-custom-field-keys";
import { getProduct } from "@/lib/services/products/get-product";
import type { ProductRecord } from "@/lib/services/products/product-record";
import { listProductRateCards } from "@/lib/services/rate-cards/list-product-rate-cards";
import { CustomFieldsCard } from "../../custom-fields/custom-fields-card";
import { loadFormOptions } from "../load-form-options";
import { ProductForm } from "../product-form";
import { definitionLines, PRODUCT_TYPE_LABELS, toDraft, versionChanges } from "../product-text";
import { ArchiveProductButton } from "./product-actions";

export const metadata: Metadata = { title: "Product" };

async function loadProduct(ctx: ServiceContext, id: string, now: Date): Promise<ProductRecord> {
  return loadOr404(() => getProduct(ctx, { id }, now));
}

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await consoleContext();
  const user = ctx.actor;
  const now = new Date();
  const product = await loadProduct(ctx, (await params).id, now);
  const [pricedOn, options, customFieldKeys] = await Promise.all([
    listProductRateCards(ctx, [product.id]),
    loadFormOptions(ctx, product.id),
    listCustomFieldKeys(ctx, { entities: ["contract_product"] }),
  ]);
  const canEdit = can(user, "pricing:write") && !product.archivedAt;
  const nextHour = new Date(Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS);
  const cards = pricedOn.get(product.id) ?? [];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/products" className="text-slate-500 hover:text-slate-900">Products</Link>
      </nav>
      <PageHeader
        title={product.current.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={product.type === "USAGE" ? "blue" : "neutral"}>{PRODUCT_TYPE_LABELS[product.type]}</Badge>
            {product.archivedAt ? <Badge>Archived {formatDateTime(product.archivedAt)}</Badge> : <Badge tone="green">Live</Badge>}
            <span>Created {formatDateTime(product.createdAt)}{product.createdBy ? ` by ${product.createdBy}` : ""}</span>
          </span>
        }
      />
      {!can(user, "pricing:write") && (
        <p role="note" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Only the pricing or admin role can change products; you can look.</p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="History" description="Each change applies from its date on; invoices before it keep the product as it was.">
            <Table caption={`Versions of ${product.current.name}`}>
              <thead>
                <tr>
                  <Th>From</Th>
                  <Th>Change</Th>
                  <Th>By</Th>
                </tr>
              </thead>
              <tbody>
                {product.versions.map((version, i) => (
                  <tr key={version.id} className="align-top">
                    <Td className="whitespace-nowrap text-slate-700">
                      {formatDateTime(version.startingAt)}
                      <span className="mt-1 block">
                        {version.id === product.current.id ? <Badge tone="blue">In force</Badge> : version.startingAt > now ? <Badge tone="green">Scheduled</Badge> : <Badge>Past</Badge>}
                      </span>
                    </Td>
                    <Td className="text-slate-700">
                      {i === 0 ? (
                        <span>Created</span>
                      ) : (
                        <ul className="space-y-0.5">
                          {(versionChanges(product.versions[i - 1]!, version).length ? versionChanges(product.versions[i - 1]!, version) : ["No change"]).map((line) => (
                            <li key={line} className="font-mono text-xs">{line}</li>
                          ))}
                        </ul>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap text-xs text-slate-500">{version.createdBy ?? "—"}<br />{formatDateTime(version.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
          {canEdit && (
            <Card title="Schedule a change" description="Edit the product from a date: today's next hour, or any hour later (or earlier, to correct the past).">
              {/* Keyed by the versions, so the form starts afresh from the product once a change is saved. */}
              <ProductForm
                key={product.versions.length}
                metrics={options.metrics}
                products={options.products}
                initial={toDraft(product.type, product.current)}
                productId={product.id}
                defaultStart={nextHour.toISOString().slice(0, 16)}
              />
            </Card>
          )}
        </div>
        <div className="space-y-6">
          <Card title="Now">
            <dl className="space-y-3 text-sm">
              {definitionLines(product.current).map(([label, value]) => (
                <div key={label}>
                  <dt className="text-slate-500">{label}</dt>
                  <dd className="text-slate-900">{value}</dd>
                </div>
              ))}
              <div>
                <dt className="text-slate-500">Product ID</dt>
                <dd className="break-all font-mono text-xs text-slate-900">{product.id}</dd>
              </div>
            </dl>
          </Card>
          <CustomFieldsCard entity="contract_product" entityId={product.id} noun="product" fields={product.customFields} keys={customFieldKeys.data} canEdit={canEdit} />
          <Card title="Priced on" description="Live rate cards with a rate for this product.">
            {cards.length === 0 ? (
              <EmptyState title="Not priced yet">Add a rate for it on a rate card.</EmptyState>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {cards.map((card) => (
                  <li key={card.id} className="flex items-center justify-between py-2">
                    <Link href={`/rate-cards/${card.id}`} className="font-medium text-brand-700 hover:underline">{card.name}</Link>
                    <Link href={`/rate-cards/${card.id}/products/${product.id}`} className="text-slate-500 hover:text-slate-900 hover:underline">Price history</Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {canEdit && (
            <Card title="Archive" description="For a product no longer sold. Rates keep pricing it; it takes no new rates.">
              <ArchiveProductButton productId={product.id} name={product.current.name} />
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
