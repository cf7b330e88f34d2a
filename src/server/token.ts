/** The control token: random by default, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `NEOCORTEX_TOKEN` when set, else 24 random bytes as URL-safe base64. */
export function controlToken(env: NodeJS.ProcessEnv = process.env): string {
  const given = env['NEOCORTEX_TOKEN'];
  if (given !== undefined && given !== '') return given;
  return randomBytes(24).toString('base64url');
}

/** Whether `offered` is the token; the time taken does not depend on where they differ. */
export function tokenMatches(offered: unknown, token: string): boolean {
  if (typeof offered !== 'string') return false;
  // Hash both so the comparison is of equal lengths whatever was offered.
  const a = createHash('sha256').update(offered).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
