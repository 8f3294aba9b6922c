import type { MtaModule } from "./types";

/**
 * Apple Mail's one-click unsubscribe: when a reader presses "Unsubscribe", Mail sends a message to the
 * list's `List-Unsubscribe: <mailto:...>` address (RFC 2369 section 3.2) with the header
 * `X-Apple-Unsubscribe: true`. Not a bounce but the recipient's request to stop sending: a feedback of
 * type "opt-out" (RFC 5965 section 7.3), sisimai's `feedback`.
 */
export const APPLE_UNSUBSCRIBE: MtaModule = {
  id: "apple-unsubscribe",
  name: "Apple Mail unsubscribe request",
  format:
    "Message from Apple Mail with X-Apple-Unsubscribe: true, sent to a List-Unsubscribe mailto: address",
  detect: { all: [/^header: x-apple-unsubscribe$/i] },
  phrases: [],
  whole: () => "feedback",
};
