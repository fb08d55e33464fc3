"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

const NAMESPACE = /^[a-zA-Z0-9][a-zA-Z0-9_-]*(\.[a-zA-Z0-9][a-zA-Z0-9_-]*)*$/;

/** Opens any namespace by name, one that holds nothing yet included (to give it its first KV pair or secret). */
export function NamespaceJump() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [problem, setProblem] = useState("");
  return (
    <form
      className="flex items-center gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const ns = name.trim();
        if (!NAMESPACE.test(ns)) {
          setProblem("a namespace is dot-separated ids, e.g. company.team");
          return;
        }
        router.push(`/namespaces/${encodeURIComponent(ns)}`);
      }}
    >
      <input
        aria-label="Open namespace"
        placeholder="open a namespace, e.g. company.team"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setProblem("");
        }}
        className="w-72 rounded border border-slate-300 px-2 py-1 font-mono"
      />
      <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50">
        Open
      </button>
      {problem && (
        <span role="alert" className="text-red-700">
          {problem}
        </span>
      )}
    </form>
  );
}
