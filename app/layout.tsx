import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rateline", template: "%s · Rateline" },
  description: "Usage-based billing you run yourself",
};

// Every page renders per request, even the not-found page: only then does it carry the nonce of
// the request's Content-Security-Policy (proxy.ts), without which its scripts would not run.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
