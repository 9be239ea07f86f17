import type { Metadata } from "next";
import { connection } from "next/server";
import { config } from "@/lib/config";
import "./globals.css";

const DESCRIPTION = "Usage-based billing you run yourself";

// Read per request, as the pages are rendered: the social image's absolute address comes from
// RATELINE_PUBLIC_URL, which is the running server's setting, not the build's.
export async function generateMetadata(): Promise<Metadata> {
  return {
    metadataBase: new URL(config().publicUrl),
    title: { default: "Rateline", template: "%s · Rateline" },
    description: DESCRIPTION,
    icons: { icon: "/icon.svg" },
    openGraph: { title: "Rateline", description: DESCRIPTION, images: [{ url: "/social.png", width: 1200, height: 630, alt: "Rateline" }] },
  };
}

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
