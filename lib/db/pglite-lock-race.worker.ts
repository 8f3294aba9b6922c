/**
 * One side of the lock race in pglite-lock.test.ts: for each "go <dir>" message it tries to take the lock
 * and reports "won" or "lost"; "release" frees a lock it won. Kept out of the test file so it runs as its
 * own process.
 */
import { DataDirInUseError, lockDataDir } from "./pglite-lock";

let release: (() => Promise<void>) | null = null;
process.on("message", (msg: { go?: string; release?: boolean; exit?: boolean }) => {
  void (async () => {
    if (msg.go) {
      try {
        release = await lockDataDir(msg.go);
        process.send?.("won");
      } catch (e) {
        process.send?.(e instanceof DataDirInUseError ? "lost" : `error ${(e as Error).message}`);
      }
    } else if (msg.release) {
      await release?.();
      release = null;
      process.send?.("released");
    } else if (msg.exit) process.exit(0);
  })();
});
process.send?.("ready");
