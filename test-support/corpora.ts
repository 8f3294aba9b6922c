import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared report samples: ../shared/corpora/dmarc-reports beside the repository root, or under
 * MXRAY_SHARED_DIR when the repository is checked out elsewhere.
 */
export function dmarcCorpusDir(): string | null {
  const root = fileURLToPath(new URL("../", import.meta.url));
  const candidates = [
    process.env.MXRAY_SHARED_DIR && path.join(process.env.MXRAY_SHARED_DIR, "corpora/dmarc-reports"),
    path.join(root, "../shared/corpora/dmarc-reports"),
  ].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p)) ?? null;
}
