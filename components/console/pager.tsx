import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { hrefWith, type ListParams } from "./url-state";

/** Cursor pages go forward only; "First page" is the way back. */
export function Pager({ pathname, params, nextPage, shown }: { pathname: string; params: ListParams; nextPage: string | null; shown: number }) {
  const later = Boolean(params.next_page);
  if (!later && !nextPage) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-4 text-sm">
      <p className="text-slate-500">
        {shown} shown{later ? " on this page" : ""}
      </p>
      <div className="flex gap-2">
        {later && <Link href={hrefWith(pathname, params)} className={buttonClassName("secondary")}>First page</Link>}
        {nextPage && <Link href={hrefWith(pathname, params, { next_page: nextPage })} className={buttonClassName("secondary")}>Next page<span aria-hidden>→</span></Link>}
      </div>
    </nav>
  );
}
