"""The documents storage on S3: STORAGE_URL names a bucket on a real local S3 server (moto's
server mode, started here), and a document is uploaded to it, read back only through Debrief,
never public, and deleted from it with the account."""

import boto3
import pytest
from moto.server import ThreadedMotoServer

from config.storage_url import documents_storage
from debrief.models import Document
from tests.document_helpers import PDF, documents_stored, upload
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

BUCKET = "debrief-documents"


@pytest.fixture
def s3_endpoint(monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    endpoint = f"http://{host}:{port}"
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-2")
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    url = f"s3://{BUCKET}?endpoint_url={s3_endpoint}&region_name=eu-west-2"
    with documents_stored(settings, documents_storage(url, None)):
        yield client


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_document_lives_in_the_bucket_and_leaves_with_the_account(client, owner, bucket):
    client.force_login(owner)
    assert upload(client, PDF).status_code == 302
    document = Document.objects.get()
    assert keys(bucket) == [document.file.name]
    stored = bucket.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read()
    assert stored == PDF
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=document.file.name)["Grants"]
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in grants)

    response = client.get(f"/documents/{document.pk}/file/")
    assert b"".join(response.streaming_content) == PDF

    client.post("/settings/delete-account/", {"password": PASSWORD})
    assert keys(bucket) == []
