"""boto3 against the embedded S3 (run by boto3.test.ts): prints one JSON line of what it saw."""
import hashlib
import json
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

endpoint, bucket = sys.argv[1], sys.argv[2]
s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="any-key",
    aws_secret_access_key="any-secret",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)
seen = {}

# upload_file in parts: 12 MiB with a 5 MiB threshold and part size.
data = os.urandom(12 * 1024 * 1024)
with tempfile.NamedTemporaryFile(delete=False) as f:
    f.write(data)
mib5 = 5 * 1024 * 1024
s3.upload_file(f.name, bucket, "boto/big.bin", Config=TransferConfig(multipart_threshold=mib5, multipart_chunksize=mib5))
os.unlink(f.name)
head = s3.head_object(Bucket=bucket, Key="boto/big.bin")
seen["bigSize"] = head["ContentLength"]
seen["bigEtag"] = head["ETag"]
got = s3.get_object(Bucket=bucket, Key="boto/big.bin")["Body"].read()
seen["bigSame"] = hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest()

# put_object (boto3 sends a CRC32 checksum), then pages of 2 with a delimiter.
for key in ["boto/list/a.txt", "boto/list/b.txt", "boto/list/c/1.txt", "boto/list/c/2.txt", "boto/list/d.txt"]:
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode(), ContentType="text/plain", Metadata={"origin": "boto3"})
pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="boto/list/", Delimiter="/", PaginationConfig={"PageSize": 2})
seen["pages"] = [
    {"keys": [o["Key"] for o in p.get("Contents", [])], "prefixes": [c["Prefix"] for c in p.get("CommonPrefixes", [])]} for p in pages
]

# get_object with a Range, and the metadata round trip.
ranged = s3.get_object(Bucket=bucket, Key="boto/list/a.txt", Range="bytes=5-8")
seen["range"] = {"body": ranged["Body"].read().decode(), "contentRange": ranged["ContentRange"], "metadata": ranged["Metadata"], "contentType": ranged["ContentType"]}
try:
    s3.get_object(Bucket=bucket, Key="boto/list/a.txt", Range="bytes=100-")
except s3.exceptions.ClientError as e:
    seen["invalidRange"] = e.response["Error"]["Code"]

# Presigned GETs (boto3's default query signature and SigV4) fetched with plain HTTP, then expired.
def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return {"status": response.status, "body": response.read().decode()}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "body": e.read().decode()}


def expired(url):
    parts = urllib.parse.urlsplit(url)
    past = {"Expires": "978307200", "X-Amz-Date": "20010101T000000Z"}
    query = [(k, past.get(k, v)) for k, v in urllib.parse.parse_qsl(parts.query)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


s3v4 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="other-key",
    aws_secret_access_key="other-secret",
    config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
)
seen["presigned"] = {}
for name, client in [("default", s3), ("s3v4", s3v4)]:
    url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "boto/list/d.txt"}, ExpiresIn=300)
    seen["presigned"][name] = {"fresh": fetch(url), "expired": fetch(expired(url))}

seen["deleted"] = [d["Key"] for d in s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "boto/list/a.txt"}, {"Key": "boto/list/b.txt"}]})["Deleted"]]
seen["after"] = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="boto/list/")["Contents"]]
print(json.dumps(seen))
