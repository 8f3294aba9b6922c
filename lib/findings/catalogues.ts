import { catalogue as bimi } from "@/lib/checks/bimi/findings";
import { catalogue as dkim } from "@/lib/checks/dkim/findings";
import { catalogue as dmarc } from "@/lib/checks/dmarc/findings";
import { catalogue as dnsbl } from "@/lib/checks/dnsbl/findings";
import { catalogue as dnssec } from "@/lib/checks/dnssec/findings";
import { catalogue as mtaSts } from "@/lib/checks/mta-sts/findings";
import { catalogue as mx } from "@/lib/checks/mx/findings";
import { catalogue as ptr } from "@/lib/checks/ptr/findings";
import { catalogue as spf } from "@/lib/checks/spf/findings";
import { catalogue as tlsRpt } from "@/lib/checks/tls-rpt/findings";
import { catalogue as smtpTls } from "@/lib/checks/smtp-tls/findings";
import { catalogue as dane } from "@/lib/checks/dane/findings";
import { catalogue as report } from "./report";
import { catalogue as message } from "@/lib/mail/findings";
import type { FindingCatalogue } from "./types";

/** Every check's catalogue; a new check adds its own here. */
export const CATALOGUES: FindingCatalogue[] = [
  spf,
  dmarc,
  dkim,
  mx,
  ptr,
  dnsbl,
  mtaSts,
  tlsRpt,
  bimi,
  dnssec,
  smtpTls,
  dane,
  report,
  message,
];
