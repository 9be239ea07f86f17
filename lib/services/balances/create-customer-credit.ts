import { authorize, type ServiceContext } from "@/lib/services/context";
import { parseInput } from "@/lib/services/parse-input";
import { ZCreateCustomerCredit, type TCreateCustomerCredit } from "./schemas";
import { writeCustomerBalance } from "./write-customer-balance";

/** POST /v1/contracts/customerCredits/create: a credit every contract of the customer draws on. */
export async function createCustomerCredit(ctx: ServiceContext, input: TCreateCustomerCredit): Promise<{ id: string }> {
  authorize(ctx.actor, "customers:write");
  const data = parseInput(ZCreateCustomerCredit, input);
  return ctx.db.$transaction((tx) => writeCustomerBalance(tx, ctx.actor, data));
}
