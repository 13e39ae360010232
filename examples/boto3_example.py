"""boto3 against openkms: a key, an encrypt/decrypt round trip, a data key and a signature.

Usage: OPENKMS_ENDPOINT=http://127.0.0.1:4599 AWS_SHARED_CREDENTIALS_FILE=$PWD/.openkms/credentials \
       AWS_PROFILE=openkms AWS_DEFAULT_REGION=us-east-1 python3 examples/boto3_example.py
"""
import os

import boto3

kms = boto3.client("kms", endpoint_url=os.environ.get("OPENKMS_ENDPOINT", "http://127.0.0.1:4599"))

key_id = kms.create_key(Description="boto3 example")["KeyMetadata"]["KeyId"]
context = {"app": "example"}
ciphertext = kms.encrypt(KeyId=key_id, Plaintext=b"hello from boto3", EncryptionContext=context)["CiphertextBlob"]
plaintext = kms.decrypt(CiphertextBlob=ciphertext, EncryptionContext=context)["Plaintext"]
assert plaintext == b"hello from boto3", plaintext

data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
assert len(data_key["Plaintext"]) == 32

signing_key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
signature = kms.sign(KeyId=signing_key, Message=b"release 1.0", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
valid = kms.verify(KeyId=signing_key, Message=b"release 1.0", Signature=signature, SigningAlgorithm="ECDSA_SHA_256")
assert valid["SignatureValid"]

print(f"boto3 example: ok (key {key_id})")
