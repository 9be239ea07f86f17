import { describe, expect, it } from "vitest";
import { USD_CENTS } from "@/lib/services/credit-types/usd-cents";
import { alarmSentence, thresholdText } from "./alert-text";

const usd = { id: USD_CENTS.id, name: USD_CENTS.name };

describe("alert text", () => {
  it.each([
    [{ type: "low_credit_balance_reached", threshold: "5000", creditType: usd }, "Your credit balance is at or below $50.00."],
    [{ type: "low_remaining_contract_credit_and_commit_balance_reached", threshold: "0", creditType: usd }, "Your credit and commitment balance is at or below $0.00."],
    [{ type: "spend_threshold_reached", threshold: "12345", creditType: usd, groupValues: { region: "eu" } }, "Your spend this billing period (region = eu) has reached $123.45."],
    [{ type: "monthly_invoice_total_spend_threshold_reached", threshold: "7.5", creditType: { id: "x", name: "GPU credits" } }, "Your invoiced total this month has reached 7.5 GPU credits."],
    [{ type: "usage_threshold_reached", threshold: "1000000", metricName: "Tokens" }, "Your Tokens usage this billing period has reached 1,000,000 Tokens."],
  ] as const)("%o", (alert, sentence) => {
    expect(alarmSentence({ creditType: null, metricName: null, groupValues: null, ...alert })).toBe(sentence);
  });

  it("shows a usage threshold in the metric's units", () => {
    expect(thresholdText({ type: "usage_threshold_reached", threshold: "2.5", creditType: null, metricName: null, groupValues: null })).toBe("2.5");
  });
});
