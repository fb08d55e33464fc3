import { SignInForm } from "@/components/auth/SignInForm";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <div className="mx-auto mt-24 max-w-sm rounded border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-lg font-semibold">Sign in to Osprey</h1>
      <p className="mb-4 text-sm text-slate-500">
        Accounts are made by an admin. The first admin&apos;s password is printed by <code>npm run up</code>.
      </p>
      <SignInForm next={next ?? null} />
    </div>
  );
}
