"""A throwaway certificate authority and signing keys, made with `cryptography` for tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True)
class Authority:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    pem: Path

    def issue(
        self,
        folder: Path,
        name: str,
        *,
        passphrase: str | None = PASSPHRASE,
        expired: bool = False,
        non_repudiation: bool = True,
        digital_signature: bool = True,
        email: str | None = None,
        file_name: str | None = None,
    ) -> Path:
        """A PKCS#12 file holding a signing key and its certificate for ``name``.

        ``non_repudiation=False`` gives a certificate with the digitalSignature key usage
        alone, as many organisations issue them; ``email`` puts an address in the
        certificate's alternative names.
        """
        key = ec.generate_private_key(ec.SECP256R1())
        cert = self._leaf(
            name,
            key,
            ExtendedKeyUsageOID.EMAIL_PROTECTION,
            expired=expired,
            non_repudiation=non_repudiation,
            digital_signature=digital_signature,
            email=email,
        )
        encryption = (
            serialization.BestAvailableEncryption(passphrase.encode())
            if passphrase
            else serialization.NoEncryption()
        )
        data = pkcs12.serialize_key_and_certificates(
            name.encode(), key, cert, [self.cert], encryption
        )
        path = folder / (file_name or f"{name.lower().replace(' ', '-')}.p12")
        path.write_bytes(data)
        return path

    def time_stamping(self, name: str = "Test Timestamp Authority") -> tuple[bytes, bytes]:
        """A timestamp authority's certificate and key (DER), as RFC 3161 requires them."""
        # RSA: the timestamp server the tests run signs with RSA keys only.
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = self._leaf(name, key, ExtendedKeyUsageOID.TIME_STAMPING, critical_usage=True)
        der = serialization.Encoding.DER
        private = key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return cert.public_bytes(der), private

    def _leaf(
        self,
        name: str,
        key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
        purpose: x509.ObjectIdentifier,
        *,
        expired: bool = False,
        critical_usage: bool = False,
        non_repudiation: bool = True,
        digital_signature: bool = True,
        email: str | None = None,
    ) -> x509.Certificate:
        now = datetime.now(tz=UTC)
        start, end = (
            (now - timedelta(days=400), now - timedelta(days=35))
            if expired
            else (now - timedelta(days=1), now + timedelta(days=365))
        )
        builder = x509.CertificateBuilder()
        if email is not None:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
            )
        return (
            builder.subject_name(_name(name))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(
                _usage(
                    signer=True,
                    non_repudiation=non_repudiation,
                    digital_signature=digital_signature,
                ),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([purpose]), critical=critical_usage)
            .sign(self.key, hashes.SHA256())
        )


def _usage(
    *, signer: bool, non_repudiation: bool = True, digital_signature: bool = True
) -> x509.KeyUsage:
    """Signing documents for a signer's key; signing certificates for the CA's."""
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=signer and non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Org"),
        ]
    )


def authority(folder: Path, name: str = "Test Root CA") -> Authority:
    """A self-signed CA certificate, written as PEM to ``folder``."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(tz=UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=2))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(signer=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    pem = folder / f"{name.lower().replace(' ', '-')}.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Authority(key, cert, pem)


def fingerprint(p12: Path, passphrase: str | None = PASSPHRASE) -> str:
    """The SHA-256 fingerprint of the certificate in a PKCS#12 file, as `openssl x509
    -fingerprint -sha256` prints it."""
    secret = passphrase.encode() if passphrase else None
    _, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), secret)
    assert cert is not None
    digits = cert.fingerprint(hashes.SHA256()).hex().upper()
    return ":".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def certificate_pem(p12: Path, passphrase: str | None = None) -> bytes:
    """The certificate of a PKCS#12 file, as PEM."""
    secret = passphrase.encode() if passphrase else None
    _, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), secret)
    assert cert is not None
    return cert.public_bytes(serialization.Encoding.PEM)


#: The examples' throw-away keys: the PKCS#12 files and CAs their roster lists.
EXAMPLE_KEYS = Path(__file__).resolve().parent.parent / "playbooks" / "example-keys"


def example_p12(person: str) -> Path:
    """The examples' throw-away signing key of ``person`` (unprotected)."""
    return EXAMPLE_KEYS / f"{person}-EXAMPLE-ONLY.p12"


def roots(folder: Path, *extra: Path) -> Path:
    """One PEM file holding the examples' CAs and the ``extra`` ones, to pass to --trust."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "roots.pem"
    files = [*sorted(EXAMPLE_KEYS.glob("*-ca.pem")), *extra]
    path.write_bytes(b"".join(file.read_bytes() for file in files))
    return path
