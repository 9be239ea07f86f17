"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionState } from "@/lib/server/action";

/**
 * Archiving something (a customer, a metric, an alert): asks first with what it means, sends the
 * id to the server action, says why when refused, and refreshes the page when done.
 */
export function ArchiveButton<T>({
  action: serverAction,
  id,
  confirmText,
  label,
  ariaLabel,
  variant = "danger",
}: {
  action: (state: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;
  id: string;
  confirmText: string;
  label: string;
  ariaLabel?: string;
  variant?: "danger" | "secondary";
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState(serverAction, {} as ActionState<T>);
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(confirmText)) e.preventDefault();
      }}
      className="space-y-3"
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant={variant} disabled={pending} aria-label={ariaLabel}>{pending ? "Archiving…" : label}</Button>
      {state.ok === false && <FormMessage state={state} />}
    </form>
  );
}
