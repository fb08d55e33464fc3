import { SecretsManager } from "@/components/secrets/SecretsManager";

export default function SecretsPage() {
  return <SecretsManager />;
}
