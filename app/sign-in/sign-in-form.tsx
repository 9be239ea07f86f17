"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { signInAction } from "./actions";

export function SignInForm() {
  const [state, formAction, pending] = useActionState(signInAction, {});
  return (
    <form action={formAction} className="space-y-4">
      <TextField label="Email" name="email" type="email" autoComplete="username" required defaultValue={state.values?.email} error={state.fields?.email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={state.fields?.password} />
      <FormMessage state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
