"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { fieldError, FormMessage } from "@/components/ui/form-message";
import { archivePackageAction, createContractFromPackageAction } from "./actions";

type Option = { id: string; name: string };

/** Customer, package and start date: a contract whose terms come from the package. */
export function CreateContractFromPackageForm({ packages, customers, defaultStart, packageId }: { packages: Option[]; customers: Option[]; defaultStart: string; packageId?: string }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(createContractFromPackageAction, {});
  useEffect(() => {
    if (state.ok && state.result) router.push(`/contracts/${state.result.id}`);
  }, [state, router]);
  const values = state.values ?? {};
  return (
    <form action={action} className="space-y-4" aria-label="Contract from a package">
      <div className="grid gap-4 md:grid-cols-4">
        <SelectField label="Package" name="package_id" required defaultValue={values.package_id ?? packageId} error={fieldError(state.fields, "package_id")} options={[{ value: "", label: "Choose a package" }, ...packages.map((p) => ({ value: p.id, label: p.name }))]} />
        <SelectField label="Customer" name="customer_id" required defaultValue={values.customer_id} error={fieldError(state.fields, "customer_id")} options={[{ value: "", label: "Choose a customer" }, ...customers.map((c) => ({ value: c.id, label: c.name }))]} />
        <TextField label="Starts on (UTC)" name="starting_at" type="date" required defaultValue={values.starting_at ?? defaultStart} hint="The package's dates count from this day." error={fieldError(state.fields, "starting_at")} />
        <TextField label="Contract name (optional)" name="name" maxLength={200} defaultValue={values.name} hint="Else the package's contract name." error={fieldError(state.fields, "name")} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create contract from package"}</Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function ArchivePackageForm({ packageId }: { packageId: string }) {
  const [state, action, pending] = useActionState(archivePackageAction, {});
  return (
    <form action={action} className="flex items-center gap-3">
      <input type="hidden" name="package_id" value={packageId} />
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Archiving…" : "Archive package"}</Button>
      <FormMessage state={state} />
    </form>
  );
}
