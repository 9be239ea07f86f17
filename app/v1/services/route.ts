import { apiRoute } from "@/lib/http/api-route";
import { otherMethods } from "@/lib/http/api-methods";
import { serviceToWire } from "@/lib/http/wire/billing-providers";
import { listServices } from "@/lib/services/settings/list-services";

export const GET = apiRoute(async () => ({ services: listServices().map(serviceToWire) }));

export const { PUT, PATCH, DELETE, POST } = otherMethods("GET");
