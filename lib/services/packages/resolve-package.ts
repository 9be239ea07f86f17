import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/db/generated/client";
import type { CreateContractInput, TCreateContract } from "@/lib/services/contracts/schemas";
import { PACKAGE_CONTRACT_FIELDS, packageContractInput, type PackageTerms } from "./package-record";

type Tx = Prisma.TransactionClient;

/**
 * The package a contract create names (package_id, or package_alias in force at the contract's
 * start: the package it was most recently given to, as in Metronome), and the request resolved
 * into an ordinary create input from its terms. A request that gives terms of its own beside a
 * package is refused naming the field, rather than merged with the package's.
 */
export async function resolvePackageContract(tx: Tx, data: CreateContractInput, input: TCreateContract): Promise<{ packageId: string; input: TCreateContract }> {
  const extra = Object.keys(input).find((k) => !(PACKAGE_CONTRACT_FIELDS as readonly string[]).includes(k) && input[k as keyof TCreateContract] !== undefined);
  const named = data.package_id ? "package_id" : "package_alias";
  if (extra) throw new AppError("bad_request", `${extra}: a contract created from a package takes its ${extra} from the package; give it without ${named}.`, { [extra]: `Comes from the package (${named})` });
  let row: { id: string; terms: unknown; archivedAt: Date | null } | undefined | null;
  if (data.package_id) {
    row = await tx.package.findUnique({ where: { id: data.package_id }, select: { id: true, terms: true, archivedAt: true } });
    if (!row) throw new AppError("not_found", "No package has that package_id.", { package_id: "Unknown package" });
  } else {
    const at = data.starting_at.getTime();
    const live = await tx.package.findMany({ where: { archivedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, terms: true, archivedAt: true, aliases: true } });
    row = live.find((p) =>
      (p.aliases as { name: string; starting_at?: string; ending_before?: string }[]).some(
        (a) => a.name === data.package_alias && (!a.starting_at || Date.parse(a.starting_at) <= at) && (!a.ending_before || at < Date.parse(a.ending_before)),
      ),
    );
    if (!row) throw new AppError("not_found", `No live package has the alias ${data.package_alias} at starting_at.`, { package_alias: "Unknown alias" });
  }
  if (row.archivedAt) throw new AppError("unprocessable", "The package is archived: no new contract can be created from it.", { package_id: "Archived" });
  return {
    packageId: row.id,
    input: packageContractInput(row.terms as PackageTerms, {
      customer_id: data.customer_id,
      starting_at: data.starting_at,
      ending_before: data.ending_before,
      name: data.name,
      uniqueness_key: data.uniqueness_key,
      custom_fields: data.custom_fields,
      usage_filter: input.usage_filter,
    }),
  };
}
