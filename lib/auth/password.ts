import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { BusyError, concurrencyLimit } from "@/lib/concurrency-limit";
import { AppError } from "@/lib/errors";

// scrypt (RFC 7914) from Node's OpenSSL binding. Stored as `scrypt$N$r$p$salt$hash` so the cost
// can be raised later without invalidating existing hashes.
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

// Each hash takes ~16 MB and tens of milliseconds on libuv's 4-thread pool (which file and DNS
// work share): a flood of sign-ins must not take it all. 4 hash at once, 32 more wait their turn,
// and past that a sign-in is refused with 503 at once.
export const HASH_CONCURRENCY = 4;
export const HASH_QUEUE = 32;
const hashing = concurrencyLimit(HASH_CONCURRENCY, HASH_QUEUE);

async function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  try {
    return await hashing(
      () =>
        new Promise<Buffer>((resolve, reject) =>
          scryptCallback(password.normalize("NFKC"), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
        ),
    );
  } catch (error) {
    if (error instanceof BusyError) throw new AppError("unavailable", "Too many sign-ins are being checked at once; try again in a few seconds.");
    throw error;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the user does not exist, so both paths take the same time. */
export const DUMMY_PASSWORD_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
