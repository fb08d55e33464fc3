import type { TLabel } from "@/lib/flow/labels";

// The last values a person ran a flow with, per flow, in this browser (never SECRET values, see rememberable).

export interface Remembered {
  values: Record<string, unknown>;
  labels: TLabel[];
}

const key = (namespace: string, flowId: string) => `osprey.run.${namespace}.${flowId}`;

export function recall(namespace: string, flowId: string): Remembered | null {
  try {
    const text = window.localStorage.getItem(key(namespace, flowId));
    return text ? (JSON.parse(text) as Remembered) : null;
  } catch {
    return null; // storage disabled or a value from an older shape: start from the flow's defaults
  }
}

export function remember(namespace: string, flowId: string, value: Remembered): void {
  try {
    window.localStorage.setItem(key(namespace, flowId), JSON.stringify(value));
  } catch {
    // storage full or disabled: the next run starts from defaults, nothing else is lost
  }
}
