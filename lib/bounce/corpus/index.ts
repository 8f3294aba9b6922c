import type { CorpusSample } from "@/lib/bounce/corpus/types";
import { PROVIDER_SAMPLES } from "@/lib/bounce/corpus/samples-providers";
import { MTA_SAMPLES } from "@/lib/bounce/corpus/samples-mta";
import { GENERIC_SAMPLES } from "@/lib/bounce/corpus/samples-generic";
import { MESSAGE_SAMPLES } from "@/lib/bounce/corpus/samples-messages";
import {
  EXTRA_SAMPLES,
  EXTRA_SAMPLES_2,
  EXTRA_SAMPLES_3,
  EXTRA_SAMPLES_4,
} from "@/lib/bounce/corpus/samples-extra";
import { BLIND_SAMPLES_5 } from "@/lib/bounce/corpus/samples-blind5";
import { BLIND_SAMPLES_6 } from "@/lib/bounce/corpus/samples-blind6";
import { BLIND_SAMPLES_7 } from "@/lib/bounce/corpus/samples-blind7";

export type { CorpusSample } from "@/lib/bounce/corpus/types";

/** The labelled bounce corpus (accuracy test and `npm run bench:bounce`). */
export const CORPUS: CorpusSample[] = [
  ...PROVIDER_SAMPLES,
  ...MTA_SAMPLES,
  ...GENERIC_SAMPLES,
  ...MESSAGE_SAMPLES,
  ...EXTRA_SAMPLES,
  ...EXTRA_SAMPLES_2,
  ...EXTRA_SAMPLES_3,
  ...EXTRA_SAMPLES_4,
  ...BLIND_SAMPLES_5,
  ...BLIND_SAMPLES_6,
  ...BLIND_SAMPLES_7,
];
