"use client";

import Link from "next/link";
import { Button, buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

// Server errors reach the browser without their message (Next.js keeps it in the server log,
// under the digest shown here), so this page says what can be done rather than what happened.
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;
  return (
    <>
      <PageHeader title="This page could not be shown" description="Something went wrong on our side; nothing was changed. Trying again often helps; if it does not, the server log has the details." />
      <div className="flex items-center gap-3">
        <Button type="button" onClick={() => retry()}>Try again</Button>
        <Link href="/" className={buttonClassName("secondary")}>Back to the overview</Link>
        {digest && <span className="text-xs text-slate-500">Reference: {digest}</span>}
      </div>
    </>
  );
}
