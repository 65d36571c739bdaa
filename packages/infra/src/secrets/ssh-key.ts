import { createPrivateKey, createPublicKey, type JsonWebKey } from 'node:crypto';

/** What a private key file is, read without ever printing it. */
export type PrivateKeyCheck =
  | {
      readonly ok: true /** `<type> <base64>`, the public half as authorized_keys has it. */;
      readonly publicKey: string;
    }
  | { readonly ok: false; readonly problem: string };

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/;

/** An SSH wire-format reader: uint32 lengths, then bytes. */
class Wire {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  bytes(): Buffer {
    if (this.at + 4 > this.buf.length) throw new Error('truncated');
    const length = this.buf.readUInt32BE(this.at);
    this.at += 4;
    if (this.at + length > this.buf.length) throw new Error('truncated');
    const out = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }
  uint32(): number {
    if (this.at + 4 > this.buf.length) throw new Error('truncated');
    const n = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return n;
  }
}

const string = (b: Buffer | string) => {
  const data = typeof b === 'string' ? Buffer.from(b) : b;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
};

/** An SSH mpint: big-endian, no leading zeros, a zero byte first if the high bit is set. */
const mpint = (b: Buffer) => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const trimmed = b.subarray(i);
  return string((trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
};

const b64u = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');

/** The public half of a PEM key (PKCS#1, SEC1 or PKCS#8), as an SSH public key blob. */
function publicBlobFromPem(pem: string): Buffer {
  const jwk = createPublicKey(createPrivateKey(pem)).export({ format: 'jwk' }) as JsonWebKey;
  if (jwk.kty === 'RSA') return Buffer.concat([string('ssh-rsa'), mpint(b64u(jwk.e)), mpint(b64u(jwk.n))]);
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519')
    return Buffer.concat([string('ssh-ed25519'), string(b64u(jwk.x))]);
  const curves: Record<string, string> = { 'P-256': 'nistp256', 'P-384': 'nistp384', 'P-521': 'nistp521' };
  const curve = jwk.kty === 'EC' ? curves[jwk.crv ?? ''] : undefined;
  if (curve) {
    const point = Buffer.concat([Buffer.from([4]), b64u(jwk.x), b64u(jwk.y)]);
    return Buffer.concat([string(`ecdsa-sha2-${curve}`), string(curve), string(point)]);
  }
  throw new Error(`unsupported key type ${jwk.kty}${jwk.crv ? ` ${jwk.crv}` : ''}`);
}

const toLine = (blob: Buffer) => `${new Wire(blob).bytes().toString()} ${blob.toString('base64')}`;

const NO_PASSPHRASE =
  'is protected by a passphrase, which Jenkins cannot type: use a key without one (ssh-keygen -t ed25519 -N "")';

/**
 * Checks that `text` is one unencrypted SSH private key and derives its public half, without
 * ever putting the key in a message: OpenSSH's own format is read field by field (the public key
 * sits unencrypted in its header), PEM keys go through node:crypto.
 */
export function checkPrivateKey(text: string): PrivateKeyCheck {
  if (/^\s*(ssh-(ed25519|rsa|dss)|ecdsa-sha2-\S+|sk-\S+) [A-Za-z0-9+/=]+/.test(text)) {
    return { ok: false, problem: 'is a public key: pass the private key (the file without .pub)' };
  }
  const pem = PEM.exec(text);
  if (!pem)
    return { ok: false, problem: 'is not an SSH private key (no -----BEGIN ... PRIVATE KEY----- block)' };
  const label = pem[1] ?? '';
  const body = pem[2] ?? '';
  if (label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type: 4,ENCRYPTED/m.test(body)) {
    return { ok: false, problem: NO_PASSPHRASE };
  }
  try {
    if (label === 'OPENSSH PRIVATE KEY') {
      const raw = Buffer.from(body.replace(/\s+/g, ''), 'base64');
      const magic = 'openssh-key-v1\0';
      if (raw.subarray(0, magic.length).toString('latin1') !== magic) throw new Error('bad magic');
      const wire = new Wire(raw.subarray(magic.length));
      const cipher = wire.bytes().toString();
      wire.bytes(); // kdf name
      wire.bytes(); // kdf options
      if (wire.uint32() !== 1) return { ok: false, problem: 'holds several keys: pass a file with one' };
      const blob = wire.bytes();
      if (cipher !== 'none') return { ok: false, problem: NO_PASSPHRASE };
      return { ok: true, publicKey: toLine(blob) };
    }
    if (/^(RSA |EC |)PRIVATE KEY$/.test(label))
      return { ok: true, publicKey: toLine(publicBlobFromPem(pem[0])) };
  } catch {
    return { ok: false, problem: `is not a readable ${label.toLowerCase()}` };
  }
  return { ok: false, problem: `is a ${label.toLowerCase()}, not an SSH private key` };
}

/** `<type> <base64>` of an authorized_keys line (its comment dropped), for comparing keys. */
export function publicKeyId(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}
