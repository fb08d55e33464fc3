// Copies the local store (OSPREY_STORAGE_DIR) into the bucket OSPREY_STORAGE_URL names, with the same
// OSPREY_S3_* settings the server uses: run it once before starting the servers on the bucket.
// npm run storage:copy (safe to run again: objects already copied are skipped).
import { config } from "../lib/config";
import { copyStorage } from "../lib/storage/copy-storage";
import { LocalDiskStorage } from "../lib/storage/local-disk-storage";
import { s3StorageFromConfig } from "../lib/storage/storage-from-config";

if (!config.OSPREY_STORAGE_URL) {
  console.error("[osprey] set OSPREY_STORAGE_URL=s3://bucket/prefix (and OSPREY_S3_*) to the bucket to copy into");
  process.exit(2);
}
const target = s3StorageFromConfig(config, config.OSPREY_STORAGE_URL);
await target.check();
let shown = 0;
const report = await copyStorage(new LocalDiskStorage(config.OSPREY_STORAGE_DIR), target, (key) => {
  if (++shown % 1000 === 0) console.error(`[osprey] ${shown} objects copied, last ${key}`);
});
console.error(
  `[osprey] copied ${report.copied} objects (${report.bytes} bytes) from ${config.OSPREY_STORAGE_DIR} to ${config.OSPREY_STORAGE_URL}; ${report.skipped} were there already`,
);
