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

type Label = `${Family}/${Reason}`;
/** [provider id or null, "family/reason", input, overrides] */
export type Row = [
  string | null,
  Label,
  string,
  { stage?: Stage; code?: number | null; enh?: string | null; source?: string }?,
];

const LEAD = /^\s{0,4}#?([2-5]\d\d)(?:[ -](?:#?([245]\.\d{1,3}\.\d{1,3})(?![.\d]))?)?/;

/** Builds samples; reply and enhanced codes default to the ones leading the input. */
export function rows(group: string, list: Row[]): CorpusSample[] {
  return list.map(([provider, label, input, o], i) => {
    const [family, reason] = label.split("/") as [Family, Reason];
    const m = LEAD.exec(input);
    return {
      id: `${group}-${String(i + 1).padStart(3, "0")}`,
      source: o?.source ?? group,
      input,
      expected: {
        family,
        reason,
        replyCode: o && "code" in o ? (o.code ?? null) : m?.[1] ? Number(m[1]) : null,
        enhancedCode: o && "enh" in o ? (o.enh ?? null) : (m?.[2] ?? null),
        ...(o?.stage ? { stage: o.stage } : {}),
        provider,
      },
    };
  });
}
