"""Every answer refuses the powerful browser features Debrief does not use (Permissions-Policy),
so neither a page nor anything injected into it can ask for the camera, microphone or location."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/dashboard/", "/healthz", "/nowhere/"])
def test_every_answer_denies_the_features_debrief_does_not_use(owner_client, url):
    policy = owner_client.get(url)["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in policy.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]:
        assert features[feature] == "()", feature
    assert all(allowed == "()" for allowed in features.values())
