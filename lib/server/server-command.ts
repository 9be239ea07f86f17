import path from "node:path";

// How the production server process is started: by `npm start`, and by the API tests and
// benchmarks, so that what they measure is what runs.
//
// - V8 runs garbage collection and compilation on a pool of 4 helper threads by default; on a
//   small machine they crowd out the database beside the server. 0 sizes the pool to the
//   machine's parallelism less the main thread (1 on 2 cores: bench:ingest +4–6 % throughput).
// - Under a firehose of ingest requests the server allocates fast, and V8 then lets the heap grow
//   to a few times what was live at the last full collection before collecting again: in
//   bench:ingest the server's peak RSS went from 370 to over 510 MB between runs. Letting the heap
//   at most double keeps the peak near 340–410 MB at a small cost in collections; the heap still
//   grows as far as the live data needs.
// - The billing-state refresh makes short-lived objects by the million (rows read, prices, the rows
//   it stores). With a 64 MB young generation instead of V8's 16 MB most of them die before a
//   scavenge has to copy them: refreshing 100,000 customers in-process took 39 s instead of 46 s
//   (server CPU 34 s instead of 40 s); 32 MB gained nothing, 128 MB no more than 64.
const NODE_FLAGS = ["--v8-pool-size=0", "--heap-growing-percent=100", "--max-semi-space-size=64"];

export function serverCommand(port: number): { command: string; args: string[] } {
  const next = path.join("node_modules", "next", "dist", "bin", "next");
  return { command: process.execPath, args: [...NODE_FLAGS, next, "start", "--port", String(port)] };
}
