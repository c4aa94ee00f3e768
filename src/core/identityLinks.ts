import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PeopleDirectory, Person } from '../storage/people.js';
import type { SupportNetwork } from '../domain/supportNetwork.js';
import type { AuditLog } from '../storage/auditLog.js';

export type LinkOutcome = 'linked' | 'invalid' | 'sameChannel' | 'bothMembers';

/**
 * /lier: one person on Telegram and Slack links the two identities with a one-time code, after which they
 * share one network membership. Codes live in Redis only, for a few minutes, and work once.
 */
export class IdentityLinks {
  constructor(
    private readonly deps: { redis: Redis; prefix: string; ttlMs: number; people: PeopleDirectory; network: SupportNetwork; audit: AuditLog },
  ) {}

  private key(code: string): string {
    return `${this.deps.prefix}:link:${code}`;
  }

  /** A 6-digit code for `identity`, to be typed on the other channel. */
  async issue(identity: Person): Promise<string> {
    for (;;) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const set = await this.deps.redis.set(this.key(code), identity.id, 'PX', this.deps.ttlMs, 'NX');
      if (set) return code;
    }
  }

  /** Links `identity` with the identity that issued `code`; the one already in the network stays the primary. */
  async redeem(code: string, identity: Person): Promise<LinkOutcome> {
    const digits = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) return 'invalid';
    const ownerId = await this.deps.redis.getdel(this.key(digits));
    const owner = ownerId ? await this.deps.people.byId(ownerId) : undefined;
    if (!owner) return 'invalid';
    if (owner.channel === identity.channel) return 'sameChannel';
    const ownerPrimary = owner.linkedTo ?? owner.id;
    const [ownerMember, identityMember] = await Promise.all([this.deps.network.get(ownerPrimary), this.deps.network.get(identity.id)]);
    if (ownerMember && identityMember) return 'bothMembers';
    if (identityMember) await this.deps.people.link(ownerPrimary, identity.id);
    else await this.deps.people.link(identity.id, ownerPrimary);
    await this.deps.audit.record(identity.id, 'identity.linked', { with: ownerPrimary, channels: [owner.channel, identity.channel] });
    return 'linked';
  }
}
