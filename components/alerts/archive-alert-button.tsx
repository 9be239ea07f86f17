"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionState } from "@/lib/server/action";

type ArchiveAction = (state: ActionState<{ id: string }>, formData: FormData) => Promise<ActionState<{ id: string }>>;

export function ArchiveAlertButton({ action: serverAction, alertId, name }: { action: ArchiveAction; alertId: string; name: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(serverAction, {});
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Archive the alert “${name}”? It stops being evaluated for every customer. This cannot be undone.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={alertId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Archive ${name}`}>{pending ? "Archiving…" : "Archive"}</Button>
      {state.ok === false && <FormMessage state={state} />}
    </form>
  );
}
