import http from "node:http";
import https from "node:https";
import { PEER_HEADER } from "./client-address";

const STAMPED = Symbol.for("mxray.peerStamp");

/**
 * Makes every HTTP server in this process write the TCP peer's address into PEER_HEADER before any
 * handler runs, overwriting a value a client sent. Route handlers only see a Request, never the socket,
 * so this is how the socket address reaches clientAddress(). Idempotent.
 */
export function installPeerStamp(): void {
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as typeof Server.prototype & { [STAMPED]?: boolean };
    if (proto[STAMPED]) continue;
    proto[STAMPED] = true;
    const emit = proto.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage | undefined;
        if (req?.headers) req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
      }
      return emit.call(this, event, ...args);
    } as typeof proto.emit;
  }
}
