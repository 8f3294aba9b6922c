import type { Family, Reason, Stage } from "@/lib/bounce/types";

/** One labelled bounce sample, written from the public documentation of the provider's or MTA's format. */
export interface CorpusSample {
  id: string;
  /** Where the format comes from (provider / MTA), for reading misses. */
  source: string;
  input: string;
  expected: {
    family: Family;
    reason: Reason;
    replyCode: number | null;
    enhancedCode: string | null;
    /** Only checked when labelled (most bare replies do not say at which stage they were given). */
    stage?: Stage | null;
    provider: string | null;
  };
}
