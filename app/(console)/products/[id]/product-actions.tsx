"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { archiveProductAction } from "../actions";

export function ArchiveProductButton({ productId, name }: { productId: string; name: string }) {
  const [state, action, pending] = useActionState(archiveProductAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Archive “${name}”? Its rates keep pricing it, but it takes no new rates. This cannot be undone.`)) e.preventDefault();
      }}
      className="flex items-center gap-3"
    >
      <input type="hidden" name="product_id" value={productId} />
      <Button type="submit" variant="danger" disabled={pending}>Archive product</Button>
      <FormMessage state={state} />
    </form>
  );
}
