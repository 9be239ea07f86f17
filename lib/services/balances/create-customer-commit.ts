import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZCreateCustomerCommit, type TCreateCustomerCommit } from "./schemas";
import { writeCustomerBalance } from "./write-customer-balance";

/** POST /v1/contracts/customerCommits/create: a commit every contract of the customer draws on. */
export async function createCustomerCommit(ctx: ServiceContext, input: TCreateCustomerCommit): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZCreateCustomerCommit, input);
  return ctx.db.$transaction((tx) => writeCustomerBalance(tx, ctx.actor, data));
}
