import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export default function ConsoleNotFound() {
  return (
    <>
      <PageHeader title="Not found" description="Nothing here has that id. It may have been mistyped, or the link may be from another Rateline." />
      <Link href="/" className={buttonClassName("secondary")}>Back to the overview</Link>
    </>
  );
}
