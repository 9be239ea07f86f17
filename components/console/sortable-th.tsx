import Link from "next/link";
import { Th } from "@/components/ui/table";
import { hrefWith, type ListParams } from "./url-state";

/**
 * A column header that sorts the list by its column; a second click reverses the order. A first
 * click sorts by `firstOrder` (dates read best newest first).
 */
export function SortableTh({ label, column, pathname, params, align, firstOrder = "asc" }: { label: string; column: string; pathname: string; params: ListParams; align?: "left" | "right"; firstOrder?: "asc" | "desc" }) {
  const active = params.sort === column;
  const order = active && params.order === "desc" ? "desc" : "asc";
  const next = active ? (order === "asc" ? "desc" : "asc") : firstOrder;
  return (
    <Th align={align} sort={active ? (order === "asc" ? "ascending" : "descending") : "none"}>
      <Link href={hrefWith(pathname, params, { sort: column, order: next })} className="inline-flex items-center gap-1 uppercase hover:text-slate-900">
        {label}
        <span aria-hidden className={active ? "text-slate-700" : "text-slate-300"}>{active ? (order === "asc" ? "↑" : "↓") : "↕"}</span>
        <span className="sr-only">{`, sort ${next === "asc" ? "ascending" : "descending"}`}</span>
      </Link>
    </Th>
  );
}
