/** A page in a namespace the viewer has no role in (the API answers 403 there). */
export function NoRoleHere({ namespace }: { namespace: string }) {
  return (
    <p className="p-6 text-slate-600" data-testid="no-role-here">
      You have no role in namespace <code>{namespace}</code>. Ask an admin for one.
    </p>
  );
}
