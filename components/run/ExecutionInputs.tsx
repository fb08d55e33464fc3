import { isFileUri, parseInputFileUriName } from "./file-names";

/** An execution's inputs as it ran with them: FILE inputs as download links, SECRET ones as ******. */
export function ExecutionInputs({ executionId, inputs }: { executionId: string; inputs: string | null }) {
  const entries = Object.entries(inputs ? (JSON.parse(inputs) as Record<string, unknown>) : {});
  if (entries.length === 0) return null;
  return (
    <div
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-4 py-1.5 text-xs"
      data-testid="execution-inputs"
    >
      <span className="text-slate-500">inputs</span>
      {entries.map(([key, value]) => (
        <span key={key} className="font-mono" data-testid={`execution-input-${key}`}>
          {key}=
          {typeof value === "string" && isFileUri(value) ? (
            <a
              className="text-sky-700 underline"
              href={`/api/v1/executions/${executionId}/file?path=${encodeURIComponent(value)}`}
              download
            >
              {parseInputFileUriName(value)}
            </a>
          ) : (
            <span className="text-slate-700">{typeof value === "string" ? value : JSON.stringify(value)}</span>
          )}
        </span>
      ))}
    </div>
  );
}
