#!/usr/bin/env python3
"""An independent verifier of W3C Verifiable Credentials signed with the
Data Integrity cryptosuite eddsa-jcs-2022, and of their Bitstring Status List.

It shares no code with meded: it is written from the specifications (W3C
Data Integrity EdDSA Cryptosuites v1.0 section 3.3, Bitstring Status List
v1.0, did:key) with three packages from PyPI: rfc8785 (JSON canonicalisation),
cryptography (Ed25519) and base58. meded's tests run it on the credentials
meded writes; anyone can run it on a credential they received:

    pip install rfc8785 cryptography base58
    python3 vc_verify.py credential.json [--status-list status.json]
        [--trust did:key:z6Mk...] [--id-number 110101199003070011]

It prints one JSON object and exits 0 when the proof holds (and the
credential is not revoked), 1 when it does not (or the credential is revoked
or the ID number does not match), 2 when the input cannot be checked.
"""

import argparse
import base64
import gzip
import hashlib
import json
import sys

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MIN_ENTRIES = 131072


class Unusable(Exception):
    """Input that cannot be checked at all (exit 2)."""


def key_of_did(method):
    """The Ed25519 public key of a did:key or of its verification method."""
    did, _, fragment = method.partition("#")
    if not did.startswith("did:key:z"):
        raise Unusable("not a did:key: %s" % method)
    ident = did[len("did:key:"):]
    if fragment and fragment != ident:
        raise Unusable("the fragment is not the key: %s" % method)
    raw = base58.b58decode(ident[1:])
    if raw[:2] != b"\xed\x01" or len(raw) != 34:
        raise Unusable("not an Ed25519 multikey: %s" % method)
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verify_proof(secured):
    """Checks the eddsa-jcs-2022 proof; returns (holds, did of the signer)."""
    doc = dict(secured)
    proof = doc.pop("proof", None)
    if not isinstance(proof, dict) or "proofValue" not in proof:
        return False, None
    options = dict(proof)
    proof_value = options.pop("proofValue")
    if options.get("type") != "DataIntegrityProof" or options.get("cryptosuite") != "eddsa-jcs-2022":
        raise Unusable("not a DataIntegrityProof of eddsa-jcs-2022")
    method = options.get("verificationMethod", "")
    key = key_of_did(method)
    if "@context" in options:
        theirs = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        ours = doc.get("@context", [])
        ours = ours if isinstance(ours, list) else [ours]
        if ours[: len(theirs)] != theirs:
            return False, method.split("#")[0]
        doc["@context"] = options["@context"]
    if not proof_value.startswith("z"):
        return False, method.split("#")[0]
    signature = base58.b58decode(proof_value[1:])
    data = hashlib.sha256(rfc8785.dumps(options)).digest() + hashlib.sha256(rfc8785.dumps(doc)).digest()
    try:
        key.verify(signature, data)
    except (InvalidSignature, ValueError):
        return False, method.split("#")[0]
    return True, method.split("#")[0]


def issuer_of(credential):
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def status_bit(entry, status_list, trusted):
    """The credential's bit on its status list, after checking the list."""
    if status_list.get("id") != entry.get("statusListCredential"):
        raise Unusable("the status list is %s, the credential names %s"
                       % (status_list.get("id"), entry.get("statusListCredential")))
    holds, signer = verify_proof(status_list)
    if not holds or issuer_of(status_list) != signer:
        raise Unusable("the status list's proof does not hold")
    if trusted and signer not in trusted:
        raise Unusable("the status list is signed by %s, which is not trusted" % signer)
    subject = status_list["credentialSubject"]
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise Unusable("the status list's purpose is not the entry's")
    encoded = subject["encodedList"]
    if not encoded.startswith("u"):
        raise Unusable("encodedList is not base64url multibase")
    packed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    bits = gzip.decompress(packed)
    if len(bits) * 8 < MIN_ENTRIES:
        raise Unusable("the status list has fewer than %d entries" % MIN_ENTRIES)
    index = int(entry["statusListIndex"])
    if index // 8 >= len(bits):
        raise Unusable("entry %d is past the end of the list" % index)
    return index, bool(bits[index // 8] & (0x80 >> (index % 8)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("credential")
    parser.add_argument("--status-list")
    parser.add_argument("--trust", action="append", default=[], help="a trusted issuer did:key")
    parser.add_argument("--id-number", help="the holder's ID number, to match the salted hash")
    args = parser.parse_args()
    # verified: the proof holds, by the key of the issuer the credential
    # names (and one of --trust, if given); proof: the proof alone.
    out = {"verified": False, "proof": False}
    try:
        try:
            with open(args.credential, encoding="utf-8") as f:
                credential = json.load(f)
        except (OSError, ValueError) as e:
            raise Unusable("not a JSON file: %s" % e)
        holds, signer = verify_proof(credential)
        out["proof"] = holds
        out["signer"] = signer
        out["issuer"] = issuer_of(credential)
        out["verified"] = holds and signer == out["issuer"] and (not args.trust or signer in args.trust)
        if args.id_number is not None:
            ident = [i for i in credential["credentialSubject"].get("identifier", [])
                     if i.get("identityType") == "nationalIdentityNumber"]
            wanted = "sha256$" + hashlib.sha256((args.id_number + ident[0]["salt"]).encode("utf-8")).hexdigest()
            out["id_number_matches"] = ident[0]["identityHash"] == wanted
        if args.status_list:
            with open(args.status_list, encoding="utf-8") as f:
                status_list = json.load(f)
            index, revoked = status_bit(credential["credentialStatus"], status_list, args.trust)
            out["status_list_index"] = index
            out["revoked"] = revoked
    except Unusable as e:
        out["error"] = str(e)
        print(json.dumps(out))
        return 2
    print(json.dumps(out))
    good = out["verified"] and not out.get("revoked") and out.get("id_number_matches", True)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
