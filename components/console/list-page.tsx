import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { FilterBar } from "./filter-bar";
import { Pager } from "./pager";
import { SortableTh } from "./sortable-th";
import type { ListParams } from "./url-state";

// The one shell of the console's list pages: the filter form, the empty state (told apart from
// "nothing matches"), the table with its sortable headers, and the cursor pager. A page gives its
// filters, its columns and how one row reads; everything around them is laid out here.

export type ListColumn = {
  label: string;
  /** The sort key this header sorts by; without one the header is plain. */
  sort?: string;
  align?: "left" | "right";
  /** A first click's order for a sortable column (dates and amounts read best descending). */
  firstOrder?: "asc" | "desc";
};

type Empty = { title: string; hint?: React.ReactNode };

type ListBodyProps<T> = {
  pathname: string;
  params: ListParams;
  rows: T[];
  /** What the list says when it has no rows at all, and when the filters left none. */
  empty: Empty;
  noMatch?: Empty;
  filtered?: boolean;
  /** The table: its caption, columns and how one row reads; or, for a list with a table of its own, that table. */
  caption?: string;
  columns?: (ListColumn | string)[];
  row?: (item: T) => React.ReactNode;
  table?: React.ReactNode;
};

type ListPageProps<T> = Omit<ListBodyProps<T>, "rows"> & {
  /** A cursor page of the list, as the list services return it. */
  page: { data: T[]; next_page: string | null };
  /** The standard search field (`search` in the URL), with this placeholder. */
  search?: string;
  searchWidth?: string;
  /** The standard "Include archived" checkbox (`archived=true` in the URL). */
  includeArchived?: boolean;
  /** The page's other filter fields; the shell adds Search and Clear. */
  filters?: React.ReactNode;
  /** Under the pager: a freshness line, a note. */
  footer?: React.ReactNode;
};

/**
 * A list in its card. It counts as filtered (for Clear and the "nothing matches" state) when the
 * search or the archived toggle is set, or when the page says its own filters are; a submitted
 * filter keeps the sort.
 */
export function ListPage<T>({ page, search, searchWidth, includeArchived, filters, footer, filtered, ...body }: ListPageProps<T>) {
  const { pathname, params } = body;
  const archived = includeArchived === true && params.archived === "true";
  const active = Boolean(filtered || (search && params.search) || archived);
  return (
    <Card>
      {(search || filters || includeArchived) && (
        <FilterBar pathname={pathname} active={active} keep={params.sort ? { sort: params.sort, order: params.order } : undefined}>
          {search && <FilterText width={searchWidth} type="search" placeholder={search} value={params.search} />}
          {filters}
          {includeArchived && <FilterCheckbox label="Include archived" name="archived" checked={archived} />}
        </FilterBar>
      )}
      <ListBody {...body} rows={page.data} filtered={active} />
      <Pager pathname={pathname} params={params} nextPage={page.next_page} shown={page.data.length} />
      {footer && <p className="mt-3 text-xs text-slate-500">{footer}</p>}
    </Card>
  );
}

/** The empty state or the table, for a list without filters or pages (a card on a detail page). */
export function ListBody<T>({ pathname, params, rows, empty, noMatch, filtered = false, ...shape }: ListBodyProps<T>) {
  if (rows.length === 0) {
    const shown = filtered && noMatch ? noMatch : empty;
    return <EmptyState title={shown.title}>{shown.hint}</EmptyState>;
  }
  if (shape.table) return <>{shape.table}</>;
  return <DataTable pathname={pathname} params={params} caption={shape.caption!} columns={shape.columns!} rows={rows} row={shape.row!} />;
}

/** A table of rows under its column headers; a header with a sort key sorts the list at `pathname`. */
export function DataTable<T>({ pathname = "", params = {}, caption, columns, rows, row }: { pathname?: string; params?: ListParams; caption: string; columns: (ListColumn | string)[]; rows: T[]; row: (item: T) => React.ReactNode }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          {columns.map((column, i) => {
            const c = typeof column === "string" ? { label: column } : column;
            return c.sort ? (
              <SortableTh key={c.label} label={c.label} column={c.sort} pathname={pathname} params={params} align={c.align} firstOrder={c.firstOrder} />
            ) : (
              <Th key={c.label || i} align={c.align}>{c.label}</Th>
            );
          })}
        </tr>
      </thead>
      <tbody>{rows.map(row)}</tbody>
    </Table>
  );
}

/** A text filter at a fixed width. */
export function FilterText({ width = "w-72", label = "Search", name = "search", value, ...props }: { width?: string; label?: string; name?: string; value: string | undefined; type?: string; placeholder?: string }) {
  return (
    <div className={width}>
      <TextField label={label} name={name} defaultValue={value} {...props} />
    </div>
  );
}

export function FilterSelect({ width = "w-44", label, name, value, options }: { width?: string; label: string; name: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <div className={width}>
      <SelectField label={label} name={name} defaultValue={value} options={options} />
    </div>
  );
}

export function FilterCheckbox({ label, name, checked }: { label: string; name: string; checked: boolean }) {
  return <CheckboxField label={label} name={name} value="true" defaultChecked={checked} />;
}

/** A row's first cell: its name linking to its page, marked when archived. */
export function NameCell({ href, name, archived, children }: { href: string; name: string; archived?: boolean; children?: React.ReactNode }) {
  return (
    <Td className="font-medium">
      <Link href={href} className="text-brand-700 hover:underline">{name}</Link>
      {archived && <span className="ml-2"><Badge>Archived</Badge></span>}
      {children}
    </Td>
  );
}

/** Short codes (aliases, tags) as chips, or a dash when there are none. */
export function ChipsCell({ items, dash = "text-slate-500" }: { items: { key: string; text: string }[] | string[]; dash?: string }) {
  const chips = items.map((item) => (typeof item === "string" ? { key: item, text: item } : item));
  return (
    <Td>
      {chips.length ? (
        <span className="flex flex-wrap gap-1">
          {chips.map((c) => <code key={c.key} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{c.text}</code>)}
        </span>
      ) : (
        <span className={dash}>—</span>
      )}
    </Td>
  );
}

export function DateTimeCell({ at, className = "text-slate-500" }: { at: Date; className?: string }) {
  return <Td className={`whitespace-nowrap ${className}`}>{formatDateTime(at)}</Td>;
}

/** Why a page shows no edit controls: the viewer's role may only look. */
export function ReadOnlyNote({ children, spaced = true }: { children: React.ReactNode; spaced?: boolean }) {
  return <p role="note" className={`${spaced ? "mb-6 " : ""}rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900`}>{children}</p>;
}

/** A list's "New …" form, folded away until opened. */
export function NewItemPanel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <details className="group mb-6 rounded-xl border border-slate-200 bg-white shadow-xs">
      <summary className="cursor-pointer list-none px-5 py-4 text-sm font-semibold text-slate-900 marker:hidden">
        <span className="inline-flex items-center gap-2">
          <span aria-hidden className="flex h-5 w-5 items-center justify-center rounded bg-brand-600 text-white transition-transform group-open:rotate-45">+</span>
          {title}
        </span>
      </summary>
      <div className="border-t border-slate-100 px-5 py-4">{children}</div>
    </details>
  );
}

/** The trail above a detail page: links back up, the last one the nearest parent. */
export function Breadcrumbs({ trail }: { trail: { href: string; label: string }[] }) {
  if (trail.length === 1) {
    return (
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={trail[0]!.href} className="text-slate-500 hover:text-slate-900"><span aria-hidden>← </span>{trail[0]!.label}</Link>
      </nav>
    );
  }
  return (
    <nav aria-label="Breadcrumb" className="mb-2 flex gap-2 text-sm text-slate-500">
      {trail.map((step, i) => (
        <span key={step.href} className="contents">
          {i > 0 && <span aria-hidden>/</span>}
          <Link href={step.href} className="hover:text-slate-900">{step.label}</Link>
        </span>
      ))}
    </nav>
  );
}
