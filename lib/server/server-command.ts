import path from "node:path";

// How the production server process is started: by `npm start`, and by the API tests and
// benchmarks, so that what they measure is what runs.
//
// Under a firehose of ingest requests the server allocates fast, and V8 then lets the heap grow
// to several times what was live at the last full collection before collecting again (peak RSS
// went past 600 MB in bench:ingest). Growing by at most half keeps memory near the working set
// for a few more collections; the heap still grows as far as the live data needs.
const NODE_FLAGS = ["--heap-growing-percent=50"];

export function serverCommand(port: number): { command: string; args: string[] } {
  const next = path.join("node_modules", "next", "dist", "bin", "next");
  return { command: process.execPath, args: [...NODE_FLAGS, next, "start", "--port", String(port)] };
}
