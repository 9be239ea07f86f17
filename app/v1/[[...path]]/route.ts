import { unknownApiPath } from "@/lib/http/api-methods";

// Any path under this version that no route matches: a JSON 404, not Next's HTML page.
export const { GET, HEAD, POST, PUT, PATCH, DELETE } = unknownApiPath();
