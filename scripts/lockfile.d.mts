interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  engines?: { node?: string } | string[];
}
export interface Lockfile {
  packages?: Record<string, LockEntry>;
}
export function missingOptionals(lock: Lockfile): string[];
export function engineConflicts(lock: Lockfile, minimum: string): string[] | null;
