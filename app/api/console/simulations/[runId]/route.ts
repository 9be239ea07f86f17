import { consoleRoute } from "@/lib/http/console-route";
import { getSimulationRunStatus } from "@/lib/services/simulations/simulation-runs";

/** GET: a simulation run's status and progress, polled by its page while it runs. */
export const GET = consoleRoute(async ({ ctx, request }) => {
  const run = await getSimulationRunStatus(ctx, request.nextUrl.pathname.split("/").pop() ?? "");
  return { status: run.status, progress: run.progress, error: run.error };
});
