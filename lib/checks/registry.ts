import { bimiCheck } from "./bimi";
import { dkimCheck } from "./dkim";
import { dmarcCheck } from "./dmarc";
import { dnsblCheck } from "./dnsbl";
import { dnssecCheck } from "./dnssec";
import { mtaStsCheck } from "./mta-sts";
import { mxCheck } from "./mx";
import { ptrCheck } from "./ptr";
import { spfCheck } from "./spf";
import { tlsRptCheck } from "./tls-rpt";
import { smtpTlsCheck } from "./smtp-tls";
import { daneCheck } from "./dane";
import type { Check, CheckName } from "./types";

/** Every check by its report key. */
export const CHECKS: Record<CheckName, Check> = {
  spf: spfCheck,
  dmarc: dmarcCheck,
  dkim: dkimCheck,
  mx: mxCheck,
  ptr: ptrCheck,
  dnsbl: dnsblCheck,
  mta_sts: mtaStsCheck,
  tls_rpt: tlsRptCheck,
  bimi: bimiCheck,
  dnssec: dnssecCheck,
  smtp_tls: smtpTlsCheck,
  dane: daneCheck,
};
