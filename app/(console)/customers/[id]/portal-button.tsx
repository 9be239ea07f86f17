"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { openCustomerPortalAction, revokePortalLinksAction } from "./portal-action";

/** Opens the customer's portal in a new tab, as the customer sees it. */
export function PortalButton({ customerId }: { customerId: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string>();
  async function open() {
    // Opened before the await, while the click still counts as the user's, so no pop-up blocker stops it.
    const tab = window.open("about:blank", "_blank");
    setPending(true);
    setMessage(undefined);
    const form = new FormData();
    form.set("customer_id", customerId);
    const state = await openCustomerPortalAction({}, form);
    setPending(false);
    if (state.ok && state.result) {
      if (tab) {
        tab.opener = null;
        tab.location.href = state.result.url;
      } else window.open(state.result.url, "_blank", "noopener");
    } else {
      tab?.close();
      setMessage(state.message ?? "The portal link could not be made.");
    }
  }
  return (
    <span className="inline-flex items-center gap-3">
      {message ? <span role="alert" className="text-sm text-red-700">{message}</span> : null}
      <Button type="button" variant="secondary" onClick={open} disabled={pending}>
        {pending ? "Opening…" : "Open customer portal"}
      </Button>
    </span>
  );
}

/** Ends every portal link of the customer handed out so far (without rotating RATELINE_SECRET). */
export function RevokePortalLinksButton({ customerId }: { customerId: string }) {
  const [state, action, pending] = useActionState(revokePortalLinksAction, {});
  return (
    <form
      action={action}
      className="inline-flex items-center gap-3"
      onSubmit={(e) => {
        if (!confirm("Revoke every portal link of this customer made until now? Embedded portals stop working until they get a new link.")) e.preventDefault();
      }}
    >
      {state.message ? <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-700" : "text-red-700"}`}>{state.message}</span> : null}
      <input type="hidden" name="customer_id" value={customerId} />
      <Button type="submit" variant="danger" disabled={pending}>{pending ? "Revoking…" : "Revoke portal links"}</Button>
    </form>
  );
}
