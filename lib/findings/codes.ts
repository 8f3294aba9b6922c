import type { CheckFindingCode, CheckName, DescriptorOf } from "@/lib/checks/registry";
import type { catalogue as messageCatalogue } from "@/lib/mail/findings";
import type { GENERIC } from "./generic";
import type { CodesOf, EntriesOf } from "./types";
import type { catalogue as reportCatalogue } from "./report";

/** Codes any check can produce (`<check>.dns_error`, `.deadline_exceeded`, `.internal_error`). */
export type GenericFindingCode = `${CheckName}.${CodesOf<typeof GENERIC>}`;

/** A received message's codes (lib/mail). */
export type MessageFindingCode = CodesOf<typeof messageCatalogue>;

/** Every finding code mxray can emit, derived from the catalogues: a code without words does not compile. */
export type FindingCode =
  CheckFindingCode | GenericFindingCode | MessageFindingCode | CodesOf<typeof reportCatalogue>;

type CheckCatalogues = { [N in CheckName]: EntriesOf<DescriptorOf<N>["findings"]> }[CheckName];
type AllCatalogues = CheckCatalogues | EntriesOf<typeof messageCatalogue> | EntriesOf<typeof reportCatalogue>;

/** The entry documenting `C` (never for generic codes, which have none of their own). */
type DocOf<C extends string> = AllCatalogues extends infer K
  ? K extends unknown
    ? C extends keyof K
      ? K[C]
      : never
    : never
  : never;

/**
 * The params a code's finding carries: what its catalogue entry's `describe` declares, or any
 * JSON-serializable fields when it declares nothing in particular.
 */
export type FindingParams<C extends FindingCode> = [DocOf<C>] extends [never]
  ? Record<string, unknown>
  : DocOf<C> extends { describe?(params: infer P): string }
    ? P
    : Record<string, unknown>;
