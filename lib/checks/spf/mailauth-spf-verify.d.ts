// mailauth ships no types for its SPF evaluator core (lib/spf/spf-verify.js); this is the part we call.
declare module "mailauth/lib/spf/spf-verify" {
  export function spfVerify(
    domain: string,
    opts: {
      sender: string;
      ip: string;
      mta: string;
      helo: string;
      resolver: (domain: string, type: string, opts?: { clientIpType?: 4 | 6 }) => Promise<unknown>;
      createSubResolver: () => (
        domain: string,
        type: string,
        opts?: { clientIpType?: 4 | 6 },
      ) => Promise<unknown>;
    },
  ): Promise<unknown>;
}
