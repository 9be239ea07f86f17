"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { archiveBillableMetricAction } from "../actions";

export function ArchiveMetricButton({ metricId, name }: { metricId: string; name: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(archiveBillableMetricAction, {});
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Archive ${name}? New products can no longer use it, and new events stop counting toward it. This cannot be undone.`)) e.preventDefault();
      }}
      className="space-y-3"
    >
      <input type="hidden" name="id" value={metricId} />
      <Button type="submit" variant="danger" disabled={pending}>{pending ? "Archiving…" : "Archive metric"}</Button>
      {state.ok === false && <FormMessage state={state} />}
    </form>
  );
}
