import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { withPageQuery } from "@/lib/http/json-object";
import { contractOnPackageToWire } from "@/lib/http/wire/packages";
import { listContractsOnPackage } from "@/lib/services/packages/list-contracts-on-package";
import type { TListContractsOnPackage } from "@/lib/services/packages/schemas";

export const POST = apiRoute(async ({ ctx, request, body }) => {
  const page = await listContractsOnPackage(ctx, withPageQuery(await body(), request) as TListContractsOnPackage);
  return { data: page.data.map(contractOnPackageToWire), next_page: page.next_page };
});

export const { GET, HEAD, PUT, PATCH, DELETE } = otherMethods("POST");
