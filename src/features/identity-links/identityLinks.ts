import { randomInt } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '../../jobs/redis.js';
import type { PeopleDirectory, Person } from '../../storage/people.js';
import type { NetworkMembers } from '../../domain/networkMembers.js';
import type { AuditLog } from '../../storage/auditLog.js';
import type { Logger } from '../../logger.js';

export type LinkOutcome = 'linked' | 'invalid' | 'sameChannel' | 'bothMembers' | 'locked';

/** Crockford's base32: 32 symbols, none that read alike (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 8;
/** Wrong codes a person may type in an hour: guessing one of 32^8 codes is then hopeless. */
export const LINK_ATTEMPTS_PER_HOUR = 5;

/** "abcd efgh", "ABCD-EFGH", "abcd-efgh" → "ABCDEFGH"; letters people confuse read as the digits they look like. */
export function normalizeLinkCode(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * /lier: one person on Telegram and Slack links the two identities with a one-time code, after which they
 * share one network membership. Codes live in Redis only, for a few minutes, and work once.
 */
export class IdentityLinks {
  private readonly attempts: RateLimiterRedis;

  constructor(
    private readonly deps: {
      redis: RedisClient;
      prefix: string;
      ttlMs: number;
      people: PeopleDirectory;
      network: NetworkMembers;
      audit: AuditLog;
      logger: Pick<Logger, 'warn'>;
      /** Tells the owner of the code, in their own chat, that another account was linked to theirs. */
      notifyOwner: (owner: Person, other: Person) => Promise<void>;
    },
  ) {
    this.attempts = new RateLimiterRedis({
      storeClient: deps.redis,
      keyPrefix: `${deps.prefix}:link-attempts`,
      points: LINK_ATTEMPTS_PER_HOUR,
      duration: 3600,
    });
  }

  private key(code: string): string {
    return `${this.deps.prefix}:link:${code}`;
  }

  /** An 8-symbol code for `identity` (shown as ABCD-EFGH), to be typed on the other channel. */
  async issue(identity: Person): Promise<string> {
    for (;;) {
      const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('');
      const set = await this.deps.redis.set(this.key(code), identity.id, 'PX', this.deps.ttlMs, 'NX');
      if (set) return `${code.slice(0, 4)}-${code.slice(4)}`;
    }
  }

  /** Links `identity` with the identity that issued `code`; the one already in the network stays the primary. */
  async redeem(code: string, identity: Person): Promise<LinkOutcome> {
    // Every try counts, well-formed or not, before the code is even looked at.
    try {
      await this.attempts.consume(identity.id);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      if (res.consumedPoints === LINK_ATTEMPTS_PER_HOUR + 1) {
        this.deps.logger.warn(
          { person: identity.id, channel: identity.channel, code: 'LINK_LOCKOUT' },
          'too many /lier attempts; locked for the hour',
        );
        await this.deps.audit.record(identity.id, 'identity.link.lockout', { channel: identity.channel });
      }
      return 'locked';
    }
    const normalized = normalizeLinkCode(code);
    if (normalized.length !== CODE_LENGTH || [...normalized].some((c) => !ALPHABET.includes(c))) return 'invalid';
    const ownerId = await this.deps.redis.getdel(this.key(normalized));
    const owner = ownerId ? await this.deps.people.byId(ownerId) : undefined;
    if (!owner) return 'invalid';
    if (owner.channel === identity.channel) return 'sameChannel';
    const ownerPrimary = owner.linkedTo ?? owner.id;
    const [ownerMember, identityMember] = await Promise.all([
      this.deps.network.get(ownerPrimary),
      this.deps.network.get(identity.id),
    ]);
    if (ownerMember && identityMember) return 'bothMembers';
    if (identityMember) await this.deps.people.link(ownerPrimary, identity.id);
    else await this.deps.people.link(identity.id, ownerPrimary);
    await this.deps.audit.record(identity.id, 'identity.linked', {
      with: ownerPrimary,
      channels: [owner.channel, identity.channel],
    });
    await this.deps.notifyOwner(owner, identity);
    return 'linked';
  }
}
