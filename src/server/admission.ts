/**
 * How many viewers a process serves, and how many from one address. A live page is
 * open to anyone who reaches the port (watching needs no token), so connections are
 * bounded: a connection past either bound is refused at the handshake, before it
 * costs a greeting or a slot, with a reason the page shows. Counted are the open
 * engine.io connections and the handshakes admitted but not yet open.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { formatSpecIssues } from '../cortex/specError.ts';
import { NeocortexError } from '../errors.ts';

/** The bounds on viewers: per process and per remote address. */
export const ViewerLimitsSchema = z
  .object({
    /** Open connections this process serves at most. */
    perProcess: z.number().int().min(1).max(100_000),
    /** Open connections from one remote address at most. */
    perAddress: z.number().int().min(1).max(100_000),
  })
  .strict();

/** The bounds on viewers (see {@link ViewerLimitsSchema}). */
export type ViewerLimits = z.infer<typeof ViewerLimitsSchema>;

/**
 * 200 viewers a process (measured: the simulation keeps its tick rate with 200, see
 * docs/benchmarks.md) and 50 from one address (a class behind one NAT fits; one
 * machine cannot take the whole server).
 */
export const DEFAULT_VIEWER_LIMITS: ViewerLimits = Object.freeze({
  perProcess: 200,
  perAddress: 50,
});

/** How long an admitted handshake may take to open before its place is given back. */
const PENDING_MS = 10_000;

/** `1 viewer`, `200 viewers`. */
const viewers = (n: number): string => `${n} viewer${n === 1 ? '' : 's'}`;

/** The remote address of a request, IPv4-mapped IPv6 written as IPv4. */
export function remoteAddress(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The part of engine.io's server the admission watches (`io.engine`). */
export interface EngineLike {
  /** Told of each connection as it opens. */
  on(event: 'connection', listener: (socket: EngineSocketLike) => void): unknown;
}

/** The parts of an engine.io connection the admission looks at. */
export interface EngineSocketLike {
  request: IncomingMessage;
  /** Told once when the connection closes. */
  once(event: 'close', listener: () => void): unknown;
}

/** The viewers' door: who may connect, and how many are in. */
export class Admission {
  private readonly open = new Map<string, number>();
  private readonly pending = new Map<IncomingMessage, { address: string; timer: NodeJS.Timeout }>();
  private openCount = 0;
  private refusedCount = 0;

  /** @param limits - the bounds (validated here) */
  constructor(readonly limits: ViewerLimits = DEFAULT_VIEWER_LIMITS) {
    const parsed = ViewerLimitsSchema.safeParse(limits);
    if (!parsed.success) {
      const problems = formatSpecIssues(parsed.error.issues).join('; ');
      throw new NeocortexError('OPTION_INVALID', `viewer limits: ${problems}`);
    }
  }

  /** Why a connection from `address` would be refused now, or null if it would be let in. */
  refusal(address: string): string | null {
    const total = this.openCount + this.pending.size;
    if (total >= this.limits.perProcess) {
      return `this server is full (${viewers(this.limits.perProcess)} at most); try again in a moment`;
    }
    let fromAddress = this.open.get(address) ?? 0;
    for (const entry of this.pending.values()) if (entry.address === address) fromAddress += 1;
    if (fromAddress >= this.limits.perAddress) {
      return `too many viewers from ${address} (${viewers(this.limits.perAddress)} at most from one address)`;
    }
    return null;
  }

  /**
   * Let the handshake of `request` in if there is room, holding its place until the
   * connection opens (or 10 s pass); the refusal otherwise.
   */
  admit(request: IncomingMessage): string | null {
    const address = remoteAddress(request);
    const refused = this.refusal(address);
    if (refused !== null) {
      this.refusedCount += 1;
      return refused;
    }
    const timer = setTimeout(() => this.pending.delete(request), PENDING_MS);
    timer.unref();
    this.pending.set(request, { address, timer });
    return null;
  }

  /** Count engine.io's connections as they open and close. */
  watch(engine: EngineLike): void {
    engine.on('connection', (socket) => {
      const held = this.pending.get(socket.request);
      if (held !== undefined) {
        clearTimeout(held.timer);
        this.pending.delete(socket.request);
      }
      const address = held?.address ?? remoteAddress(socket.request);
      this.openCount += 1;
      this.open.set(address, (this.open.get(address) ?? 0) + 1);
      socket.once('close', () => {
        this.openCount -= 1;
        const left = (this.open.get(address) ?? 1) - 1;
        if (left > 0) this.open.set(address, left);
        else this.open.delete(address);
      });
    });
  }

  /** Open connections, handshakes under way, and connections refused so far. */
  counts(): { open: number; pending: number; refused: number } {
    return { open: this.openCount, pending: this.pending.size, refused: this.refusedCount };
  }
}
