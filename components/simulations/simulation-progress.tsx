"use client";

import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatCount } from "@/lib/format";
import type { SimulationStatus } from "@/lib/services/simulations/simulation-runs";

export const POLL_MS = 1000;

type RunProgress = { status: SimulationStatus; progress: { done: number; total: number }; error?: string | null };

async function fetchProgress(runId: string): Promise<RunProgress> {
  const response = await fetch(`/api/console/simulations/${runId}`, { cache: "no-store" });
  const body = (await response.json().catch(() => ({}))) as RunProgress & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `The simulation's progress could not be read (${response.status}).`);
  return body;
}

/**
 * A running simulation's progress bar. It polls the run's status; once the run has finished (or
 * failed), the page is rendered again on the server, which then shows the results.
 */
export function SimulationProgress({ runId, initial }: { runId: string; initial: RunProgress }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={client}>
      <ProgressBar runId={runId} initial={initial} />
    </QueryClientProvider>
  );
}

function ProgressBar({ runId, initial }: { runId: string; initial: RunProgress }) {
  const router = useRouter();
  const query = useQuery({
    queryKey: ["simulation-run", runId],
    queryFn: () => fetchProgress(runId),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "done" || q.state.data.status === "failed") ? false : POLL_MS),
  });
  const { status, progress } = query.data;
  const finished = status === "done" || status === "failed";
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);
  const label = status === "queued" ? "Waiting to start" : finished ? "Finished; loading the results" : `${formatCount(progress.done)} of ${formatCount(progress.total)} contracts priced`;
  return (
    <div className="space-y-2">
      <ProgressMeter done={progress.done} total={progress.total} label={label} />
      {query.isError && <p role="alert" className="text-sm text-red-700">{query.error.message}</p>}
    </div>
  );
}

/** How far a run has got, as a progress bar with its figures. */
export function ProgressMeter({ done, total, label }: { done: number; total: number; label: string }) {
  const share = total ? Math.min(100, Math.round((done / total) * 100)) : 100;
  return (
    <div className="space-y-2">
      <div
        role="progressbar"
        aria-label="Simulation progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={label}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500" style={{ width: `${share}%` }} />
      </div>
      <p className="tabular text-sm text-slate-600" aria-live="polite">
        {label} · {share}%
      </p>
    </div>
  );
}
