import { buildIfNeeded } from "@/scripts/build-if-needed";

// API tests drive the real production server, so it must be built first.
export default function setup() {
  if (!buildIfNeeded()) throw new Error("next build failed; the API tests need a built server.");
}
