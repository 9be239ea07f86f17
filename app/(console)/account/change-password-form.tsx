"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { changeOwnPasswordAction } from "./actions";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changeOwnPasswordAction, {});
  return (
    <form action={action} className="max-w-sm space-y-3" key={state.ok ? "done" : "form"}>
      <TextField label="Current password" name="current_password" type="password" autoComplete="current-password" required error={state.fields?.current_password} />
      <TextField label="New password" name="new_password" type="password" autoComplete="new-password" required minLength={8} error={state.fields?.new_password} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Changing…" : "Change password"}</Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
