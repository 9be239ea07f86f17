import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { currentUser } from "@/lib/server/session";
import { SignInForm } from "./sign-in-form";
import { LogoMark } from "@/components/ui/logo-mark";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  await connection();
  if (await currentUser()) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-slate-50 to-brand-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <LogoMark size={44} className="mx-auto drop-shadow-sm" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">Sign in to Rateline</h1>
          <p className="mt-1 text-sm text-slate-500">Usage-based billing you run yourself.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm />
        </div>
      </div>
    </main>
  );
}
