import type { MtaModule } from "./types";

/**
 * Google Groups: "Delivery Status Notification" from mailer-daemon@googlemail.com with X-Failed-Recipients
 * naming a group address. The body, in the sender's language, says the group may not exist or the sender
 * may not post, followed by a list of four possible causes ("* ..."): the post was refused (sisimai's
 * `rejected`). With a different body (spam classification, size), the wording rules decide.
 */
export const GOOGLE_GROUPS: MtaModule = {
  id: "google-groups",
  name: "Google Groups",
  format: "Notice from mailer-daemon@googlemail.com with X-Failed-Recipients: <group>@googlegroups.com",
  detect: {
    all: [/^from: .*mailer-daemon@googlemail\.com/i, /^x-failed-recipients: .*@googlegroups\.com/i],
  },
  phrases: [],
  whole: (text) => ((text.match(/(?:^|\s)\*\s?\S/g) ?? []).length >= 3 ? "rejected" : null),
};
