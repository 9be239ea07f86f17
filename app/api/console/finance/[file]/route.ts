import { AppError } from "@/lib/errors";
import { consoleRoute } from "@/lib/http/console-route";
import { financeReportWire } from "@/lib/http/wire/finance";
import { stringifyWire } from "@/lib/http/wire-json";
import { balanceLedgerCsv, financeFilename, invoiceLinesCsv } from "@/lib/services/finance/finance-csv";
import { financeReport } from "@/lib/services/finance/finance-report";

type Params = { file: string };

const download = (body: string, type: string, filename: string) =>
  new Response(body, { headers: { "content-type": type, "content-disposition": `attachment; filename="${filename}"` } });

/**
 * GET /api/console/finance/{invoice-lines.csv | balance-ledger.csv | finance-report.json}?from=&to=:
 * a reporting window's finance export (finance and admin).
 */
export const GET = (request: Request, { params }: { params: Promise<Params> }) =>
  consoleRoute(async ({ ctx, request: req }) => {
    const { file } = await params;
    const window = { from: req.nextUrl.searchParams.get("from") ?? undefined, to: req.nextUrl.searchParams.get("to") ?? undefined };
    if (!["invoice-lines.csv", "balance-ledger.csv", "finance-report.json"].includes(file)) throw new AppError("not_found", "No such export.");
    const report = await financeReport(ctx, window as { from: string; to: string });
    if (file === "invoice-lines.csv") return download(invoiceLinesCsv(report), "text/csv; charset=utf-8", financeFilename(report, "invoice-lines", "csv"));
    if (file === "balance-ledger.csv") return download(balanceLedgerCsv(report), "text/csv; charset=utf-8", financeFilename(report, "balance-ledger", "csv"));
    return download(stringifyWire(financeReportWire(report)), "application/json", financeFilename(report, "report", "json"));
  })(request as never);
