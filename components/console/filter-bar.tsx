import Form from "next/form";
import Link from "next/link";
import { Button } from "@/components/ui/button";

/**
 * A list's search and filter fields as a GET form: submitting puts them in the URL (client-side
 * navigation, no reload). `keep` carries parameters the fields do not show, such as the sort.
 */
export function FilterBar({ pathname, active, keep = {}, children }: { pathname: string; active: boolean; keep?: Record<string, string | undefined>; children: React.ReactNode }) {
  return (
    <Form action={pathname} role="search" className="mb-4 flex flex-wrap items-end gap-3">
      {Object.entries(keep).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      {children}
      <Button type="submit" variant="secondary">Search</Button>
      {active && <Link href={pathname} className="py-2 text-sm font-medium text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline">Clear</Link>}
    </Form>
  );
}
