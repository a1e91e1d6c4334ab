import { hash, verify } from '@node-rs/argon2'

// argon2id with OWASP's minimum (m=19 MiB, t=2, p=1); @node-rs/argon2 defaults to argon2id.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when the e-mail is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined
export function timingSafeDummyVerify(password: string) {
  dummyHash ??= hashPassword('viertel-timing-equaliser')
  return dummyHash.then((h) => verifyPassword(h, password))
}
