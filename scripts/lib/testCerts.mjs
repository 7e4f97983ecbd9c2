// Certificates for the HTTPS sandboxes, made fresh in each run with the openssl CLI (never committed): a test
// company CA that the run trusts (NODE_EXTRA_CA_CERTS), a rogue CA that nothing trusts, and one server
// certificate per listener, for its loopback address.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir, name, subject) {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${subject}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return { key: path.join(dir, `${name}.key`), cert: path.join(dir, `${name}.pem`) };
}

/** A server certificate for `ip`, signed by `ca`; returns its key and certificate as PEM text. */
function makeServerCert(dir, name, ip, ca) {
  writeFileSync(
    path.join(dir, `${name}.ext`),
    `subjectAltName=IP:${ip}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n`,
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${ip}`],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    ],
    dir,
  );
  return {
    key: readFileSync(path.join(dir, `${name}.key`), 'utf8'),
    cert: readFileSync(path.join(dir, `${name}.pem`), 'utf8'),
  };
}

/**
 * Makes `dir` with the two CAs and a certificate per `{name: {ip, trusted}}` listener. Returns the trusted CA's
 * PEM file (for NODE_EXTRA_CA_CERTS) and `{name: {key, cert}}`.
 */
export function makeTestCertificates(dir, listeners) {
  mkdirSync(dir, { recursive: true });
  const company = makeCa(dir, 'company-ca', 'Langdock Usage Test Company CA');
  const rogue = makeCa(dir, 'rogue-ca', 'Untrusted Test CA');
  const identities = {};
  for (const [name, { ip, trusted }] of Object.entries(listeners)) {
    identities[name] = makeServerCert(dir, name, ip, trusted ? company : rogue);
  }
  return { caFile: company.cert, identities };
}
