"use server";

import { revalidatePath } from "next/cache";
import { serverAction } from "@/lib/server/action";
import { optional } from "@/lib/server/form-fields";
import { createContract } from "@/lib/services/contracts/create-contract";
import { archivePackage } from "@/lib/services/packages/archive-package";

/** A contract from a package: the customer and the start, the rest from the package's terms. */
export const createContractFromPackageAction = serverAction(
  async (ctx, input) => {
    const day = optional(input.starting_at);
    const contract = await createContract(ctx, {
      customer_id: input.customer_id ?? "",
      package_id: input.package_id ?? "",
      starting_at: day ? `${day}T00:00:00Z` : "",
      name: optional(input.name),
    });
    revalidatePath("/contracts");
    revalidatePath(`/packages/${input.package_id}`);
    revalidatePath(`/customers/${input.customer_id}`, "layout");
    return { id: contract.id };
  },
  () => "Created the contract from the package.",
);

export const archivePackageAction = serverAction(
  async (ctx, input) => {
    const result = await archivePackage(ctx, { package_id: input.package_id ?? "" });
    revalidatePath("/packages");
    revalidatePath(`/packages/${result.id}`);
    return result;
  },
  () => "Archived the package.",
);
