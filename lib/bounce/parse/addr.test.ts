import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { seededInts } from "@/test-support/random";
import {
  allAddresses,
  allIps,
  cleanHost,
  EMAIL_RE,
  firstAddress,
  ipFromReplyText,
  isPrivateIp,
  normalizeAddress,
  normalizeIp,
  receivedClientIp,
  receivedFromHost,
} from "./addr";
import { canonicalName } from "@/lib/dns/names";

const PRIVATE_RANGES = ["private", "loopback", "linkLocal", "carrierGradeNat", "uniqueLocal", "unspecified"];

// Boundaries of every IPv4 range isPrivateIp treats specially, and of their neighbours.
const IPV4 = [
  "0.0.0.0",
  "0.255.255.255",
  "1.0.0.0",
  "9.255.255.255",
  "10.0.0.0",
  "10.255.255.255",
  "11.0.0.0",
  "100.63.255.255",
  "100.64.0.0",
  "100.127.255.255",
  "100.128.0.0",
  "126.255.255.255",
  "127.0.0.1",
  "128.0.0.0",
  "169.253.255.255",
  "169.254.0.1",
  "169.255.0.0",
  "172.15.255.255",
  "172.16.0.0",
  "172.31.255.255",
  "172.32.0.0",
  "192.167.255.255",
  "192.168.1.1",
  "192.169.0.0",
  "192.0.2.1",
  "198.51.100.7",
  "203.0.113.9",
  "224.0.0.1",
  "255.255.255.255",
  "8.8.8.8",
  "209.85.220.41",
];

describe("IP addresses", () => {
  it("classifies IPv4 addresses as private exactly as ipaddr.js's ranges do", () => {
    for (const ip of IPV4)
      expect([ip, isPrivateIp(ip)]).toEqual([ip, PRIVATE_RANGES.includes(ipaddr.parse(ip).range())]);
  });

  it("normalizes IPv4 literals as ipaddr.js does and refuses the ones it does not read as four decimals", () => {
    for (const ip of IPV4) expect(normalizeIp(ip)).toBe(ipaddr.parse(ip).toString());
    expect(normalizeIp("IPv6:2001:DB8::1")).toBe("2001:db8::1");
    expect(normalizeIp("256.1.1.1")).toBeNull();
    expect(normalizeIp("010.1.1.1")).toBeNull();
    expect(normalizeIp("1.2.3")).toBeNull();
    expect(isPrivateIp("fd00::1")).toBe(true);
    expect(isPrivateIp("2001:4860::1")).toBe(false);
  });

  it("reads every other form as validating with ipaddr.js, then parsing, then checking four decimals does", () => {
    const byIpaddr = (t: string): string | null => {
      if (!ipaddr.isValid(t)) return null;
      const a = ipaddr.parse(t);
      return a.kind() === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(t) ? null : a.toString();
    };
    const forms = [
      ...["127.1", "0x7f.0.0.1", "2130706433", "1.2.3.4.5", "01.2.3.4", "1.2.3.08", "0.0.0.0", "1.2.3.4:25"],
      ...[
        "::",
        "::1",
        "2001:DB8::1",
        "2001:db8:0:0:0:0:0:1",
        "::ffff:192.0.2.1",
        "::ffff:c000:201",
        "fe80::1%eth0",
      ],
      ...["2001:db8::1::2", "2001:db8::g", "1:2:3:4:5:6:7:8:9", ":", "192.0.2.1::", "::192.0.2.1", "[::1]"],
      ...[
        "FFFFFFFF:00000000",
        "192.0.2.222:222",
        "00001::1",
        "1::00001",
        "::ffff:0192.0.2.1",
        "fe80::1%12345",
      ],
      ...["1:2:3:4:5:6:0.0.0.0", "1:2:3:4:5:00006:0.0.0.0", "0x1::1", "::1%a:b"],
    ];
    for (const t of forms) {
      expect([t, normalizeIp(t)]).toEqual([t, byIpaddr(t)]);
      if (byIpaddr(t) !== null) {
        const n = byIpaddr(t)!;
        expect([n, isPrivateIp(n)]).toEqual([n, PRIVATE_RANGES.includes(ipaddr.parse(n).range())]);
      }
    }
  });
});

describe("cleanHost", () => {
  it.each([
    ["dns; MX.Example.COM.", "mx.example.com"],
    ["mx.example.com", "mx.example.com"],
    ["X-Postfix; mx.example.com:25", "mx.example.com:25"],
    ["dns; 192.0.2.1", "192.0.2.1"],
    ["dns; -bad.example", null],
    [".", null],
    ["dns; mx.example.com [192.0.2.1]", "mx.example.com"],
    ["mx.example.com (192.0.2.1)", "mx.example.com"],
    ["[192.0.2.1]", "192.0.2.1"],
    ["dns; [IPv6:2001:db8::1]", "2001:db8::1"],
    ["mx_1.example.com", null],
    ["dns; mx.example.com extra words", "mx.example.com"],
    ["dns;", null],
    ["DNS ;\t Mx.Example.com", "mx.example.com"],
    ["dnsmx.example.com", "dnsmx.example.com"],
    [":1", null],
    ["1:2", "1:2"],
    ["..", null],
    [`${"a".repeat(254)}.`, "a".repeat(254)],
    ["a".repeat(255), null],
  ])("%j is %j", (raw, host) => {
    expect(cleanHost(raw)).toBe(host);
  });
});

describe("allIps", () => {
  it("lists IPv4 and bracketed IPv6 literals in order", () => {
    expect(allIps("from a ([2001:db8::5]) via 192.0.2.1 and [198.51.100.2]")).toEqual([
      "2001:db8::5",
      "192.0.2.1",
      "198.51.100.2",
    ]);
    expect(allIps("from b (192.0.2.7)")).toEqual(["192.0.2.7"]);
    expect(allIps("from c ([IPv6:2001:db8::9])")).toEqual(["2001:db8::9"]);
    expect(allIps("no address here")).toEqual([]);
  });
});

describe("receivedFromHost", () => {
  it("reads the host as /^\\s*from\\s+([A-Za-z0-9][A-Za-z0-9.-]{0,253})/i does", () => {
    const re = /^\s*from\s+([A-Za-z0-9][A-Za-z0-9.-]{0,253})/i;
    const values = [
      "from mx.Example.COM (mx.example.com [192.0.2.1]) by b",
      "FROM\tmail-1.example.org.",
      "  from a.example",
      "\u00a0from a.example",
      "from\u00a0a.example",
      "from \u2003b.example",
      "fromx.example",
      "from .example",
      "from -a",
      "from",
      "from   ",
      "frOm " + "a".repeat(300),
      "from \u212aelvin.example",
      "by only.example",
      "",
    ];
    for (const v of values) {
      const m = re.exec(v)?.[1];
      expect(receivedFromHost(v)).toBe(m ? canonicalName(m) : null);
    }
  });
});

describe("receivedClientIp", () => {
  it('reads the from clause only of a value opening with "from" and white space', () => {
    expect(receivedClientIp("from a.example (a.example [203.0.113.5]) by b.example")).toBe("203.0.113.5");
    expect(receivedClientIp("FROM\ta.example ([203.0.113.5])")).toBe("203.0.113.5");
    expect(receivedClientIp(" \u00a0from a.example ([203.0.113.5])")).toBe("203.0.113.5");
    expect(receivedClientIp("from\u2003a.example ([203.0.113.5])")).toBe("203.0.113.5");
    expect(receivedClientIp("from a.example ([10.0.0.1]) by b.example ([203.0.113.5])")).toBeNull();
    expect(receivedClientIp("from by b.example ([203.0.113.5])")).toBeNull();
    expect(receivedClientIp("fromage ([203.0.113.5])")).toBeNull();
    expect(receivedClientIp("by b.example ([203.0.113.5])")).toBeNull();
  });

  it("gives the first public address of allIps' list, in text order", () => {
    // Private and public IPv4 and IPv6 literals, invalid ones, and lists past allIps' bounds (20 dotted
    // quads, 40 addresses) in mixed orders, drawn from a fixed seed.
    const parts = [
      "10.0.0.1",
      "[192.168.1.2]",
      "203.0.113.5",
      "198.51.100.7",
      "[IPv6:2001:db8::1]",
      "[fe80::1]",
      "[fd00::2]",
      "[2001:4860::8]",
      "[::1]",
      "999.1.1.1",
      "01.2.3.4",
      "[12345::1]",
      "[1.2.3.4]",
      "[::ffff:203.0.113.5]",
      "[::FFFF:10.0.0.1]",
      "[2001:DB8:0:0:0:0:0:1]",
      "[1:2:3:4:5:6:7]",
      "(127.0.0.1)",
      "x",
    ];
    const next = seededInts(7);
    for (let k = 0; k < 3000; k++) {
      const n = next(4) === 0 ? 15 + next(40) : 1 + next(6);
      const words: string[] = [];
      for (let i = 0; i < n; i++) {
        // Long runs of one kind reach the bounds.
        const w = next(3) === 0 ? parts[next(2) === 0 ? 0 : 6]! : parts[next(parts.length)]!;
        words.push(w);
      }
      const from = `from a.example (${words.join(" ")})`;
      const expected = allIps(from).find((ip) => !isPrivateIp(ip)) ?? null;
      expect([from, receivedClientIp(`${from} by b.example ([203.0.113.9])`)]).toEqual([from, expected]);
    }
    // At allIps' bounds: 20 dotted quads, and IPv6 addresses while the list holds fewer than 40.
    const runs = (w: string, n: number) => Array<string>(n).fill(w).join(" ");
    const bounded: [string, string | null][] = [
      [`${runs("10.0.0.1", 25)} 203.0.113.5`, null],
      [`${runs("10.0.0.1", 19)} 203.0.113.5`, "203.0.113.5"],
      [`${runs("[fd00::2]", 25)} [2001:db8::1]`, "2001:db8::1"],
      [`${runs("[fd00::2]", 25)} [2001:db8::1] ${runs("10.0.0.1", 20)}`, null],
      [`${runs("[fd00::2]", 25)} [2001:db8::1] ${runs("10.0.0.1", 5)}`, "2001:db8::1"],
      [`${runs("[fd00::2]", 39)} [2001:db8::1] 10.0.0.1`, null],
    ];
    for (const [ips, expected] of bounded) {
      const from = `from a.example (${ips})`;
      expect(allIps(from).find((ip) => !isPrivateIp(ip)) ?? null).toBe(expected);
      expect(receivedClientIp(from)).toBe(expected);
    }
  });
});

describe("address search", () => {
  // The functions as written with the regular expression alone.
  function normalizeRef(raw: string | null | undefined): string | null {
    if (!raw) return null;
    let s = raw.trim().replace(/^(?:rfc822|utf-8|x-[a-z0-9-]+)\s*;\s*/i, "");
    const m = EMAIL_RE.exec(s.slice(0, 1024));
    if (!m) return null;
    s = m[0].replace(/^[.'=/]+|[.'=/]+$/g, "");
    const at = s.lastIndexOf("@");
    if (at <= 0) return null;
    return (
      s.slice(0, at) +
      "@" +
      s
        .slice(at + 1)
        .toLowerCase()
        .replace(/\.$/, "")
    );
  }
  function allRef(text: string, max = 100): string[] {
    const g = new RegExp(EMAIL_RE.source, "gu");
    const out: string[] = [];
    const t = text.slice(0, 8192 * 8);
    for (let m = g.exec(t); m && out.length < max; m = g.exec(t)) {
      const a = normalizeRef(m[0]);
      if (a && !out.includes(a)) out.push(a);
    }
    return out;
  }
  const bits = [
    "@",
    "@",
    ".",
    "-",
    "a",
    "Z",
    "7",
    "_",
    "'",
    "=",
    "/",
    " ",
    "<",
    ">",
    ";",
    "é",
    "日",
    "\ud835\udc00",
    "\ud800",
    "x".repeat(70),
    "ab.cd",
    "mx.example.com",
    "rfc822; ",
    "RFC822;",
    "Utf-8 ; ",
    "X-Local;",
    "EXAMPLE.",
  ];
  const rnd = seededInts(23);
  const texts = [
    "user@example.com",
    "Kijitora <kijitora@example.jp>",
    "x".repeat(80) + "@example.com",
    "a@b",
    "@example.com",
    "a@-.b.c",
    "caf\u00e9@exampl\u00e9.fr and b@c.d",
    "1@2.3@4.5",
    ...Array.from({ length: 5000 }, () =>
      Array.from({ length: rnd(14) }, () => bits[rnd(bits.length)]).join(""),
    ),
  ];
  it("finds what the regular expression finds", () => {
    for (const t of texts) {
      expect(normalizeAddress(t)).toBe(normalizeRef(t));
      expect(firstAddress(t)).toBe(normalizeRef(EMAIL_RE.exec(t)?.[0]));
      expect(allAddresses(t)).toEqual(allRef(t));
      expect(allAddresses(t, 2)).toEqual(allRef(t, 2));
    }
  });
});

describe("ipFromReplyText", () => {
  it.each([
    ["550 Client host [203.0.113.5] blocked using zen.example", "203.0.113.5"],
    ["554 Your IP 203.0.113.6 is on our list", "203.0.113.6"],
    ["421 Messages from 203.0.113.7 temporarily deferred", "203.0.113.7"],
    ["554 Connection from 203.0.113.8 refused", "203.0.113.8"],
    ["550 IP address: 203.0.113.9", "203.0.113.9"],
    ["550 SENDING SERVER (mx.example) IS 203.0.113.10", "203.0.113.10"],
    ["550 5.7.1 From ip=203.0.113.11 policy", "203.0.113.11"],
    ["203.0.113.12 said: 550 no", "203.0.113.12"],
    ["550 203.0.113.13 is BLACKLISTED here", "203.0.113.13"],
    ["550 [203.0.113.14] has been rejected", "203.0.113.14"],
    ["550 2001:db8::15 listed at example", "2001:db8::15"],
    ["550 Client host [2001:DB8:1:2:3:4:5:6] blocked", "2001:db8:1:2:3:4:5:6"],
    ["550 5.7.1 from ip=203.0.113.17.", "203.0.113.17"],
    ["550 5.1.1 User unknown 203.0.113.16", null],
    ["550 host 10.0.0.1 blocked", null],
    // The first match is not an address; the valid one inside it starts after it.
    ["550 [1234567890:2001:0db8:0000:0000:0000:0000:0000:0001] has been blacklisted", null],
    ["550 [2001:0db8:0000:0000:0000:0000:0000:0001] has been blacklisted", "2001:db8::1"],
  ])("%j gives %j", (text, ip) => {
    expect(ipFromReplyText(text)).toBe(ip);
  });

  it("gives what running each pattern over the whole text gives", () => {
    const IP = String.raw`\[?((?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f:]{2,45}:[0-9A-Fa-f]{1,4})\]?`;
    const patterns = [
      new RegExp(
        String.raw`(?:client host|(?:your|sender|sending|client|connecting|source)\s(?:ip|host|server|mta)(?:\saddress)?(?:\s\(?[^\s)]{0,64}\)?)?(?:\sis)?|messages? from|connection from|ip\saddress|\bip|\bfrom ip)[:=\s]+${IP}`,
        "i",
      ),
      new RegExp(String.raw`^${IP}\s`),
      new RegExp(
        String.raw`${IP}\s(?:is\s|has been\s)?(?:blocked|listed|blacklisted|blocklisted|rejected)`,
        "i",
      ),
    ];
    const ref = (text: string) => {
      const t = text.slice(0, 4096);
      for (const re of patterns) {
        const cand = normalizeIp(re.exec(t)?.[1]);
        if (cand && !isPrivateIp(cand)) return cand;
      }
      return null;
    };
    // The longest addresses and phrases put a match's start furthest before the words its pattern needs.
    const parts = [
      "[",
      "]",
      " ",
      "\t",
      "x",
      "ip",
      "1",
      "203.0.113.5",
      "10.0.0.1",
      "2001:db8:0:0:0:0:0:1",
      "aaaa:bbbb:cccc:dddd:eeee:ffff:1111:2222:3333:4444:5555:1",
      "fe80:0000:0000:0000:0000:0000:0000:0001:0000:0000:00:abcd",
      "ffff:",
      "::",
      ":1",
      "is ",
      "has been ",
      "blocked",
      "BlackListed",
      "blocklisted",
      "listed",
      "rejected",
      "client host",
      "connecting ",
      "connection from ",
      "Messages from ",
      "your mta ",
      "source server address (mx) is ",
      "ip address",
      "from ip",
      "recipient",
      "=",
      ":",
      "x".repeat(60),
    ];
    const next = seededInts(11);
    let found = 0;
    for (let k = 0; k < 20000; k++) {
      const pick = () => parts[next(parts.length)]!;
      // Half the texts are built as the patterns read them: an opening, an address, a verdict.
      const text =
        k % 2 === 0
          ? Array.from({ length: 1 + next(12) }, pick).join("")
          : [
              pick(),
              ["client host ", "your ip: ", "from ip=", "", "["][next(5)],
              parts[7 + next(5)],
              ["] ", " ", "]\t"][next(3)],
              ["is ", "has been ", ""][next(3)],
              parts[17 + next(5)],
              pick(),
            ].join("");
      const ip = ref(text);
      if (ip) found++;
      expect([text, ipFromReplyText(text)]).toEqual([text, ip]);
    }
    expect(found).toBeGreaterThan(1000);
  });
});
