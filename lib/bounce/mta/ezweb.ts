import type { MtaModule } from "./types";

/**
 * au by EZweb (KDDI): a notice from Postmaster@ezweb.ne.jp that carries "X-SPASIGN: NG" was returned by the
 * recipient's own reception filter (the sender or its domain is not among those the recipient accepts),
 * the address exists: sisimai's `filtered` (Lhost::EZweb).
 */
export const EZWEB: MtaModule = {
  id: "ezweb",
  name: "au by EZweb",
  format: "Notice from Postmaster@ezweb.ne.jp with the header X-SPASIGN: NG",
  detect: { all: [/^x-spasign: ng\s*$/i] },
  phrases: [],
  whole: () => "filtered",
};
