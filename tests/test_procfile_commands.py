"""The process types are written once, in the Procfile: `make run` (honcho), `make cluster`, the
image and compose.yaml run its commands word for word, and a new type is one Procfile line."""

import json
import re
import shlex
from pathlib import Path

import yaml

from config.cluster import Cluster
from config.procfile import PROCFILE, process_types

ROOT = Path(__file__).resolve().parent.parent


def test_the_procfile_names_web_worker_scheduler_and_inbound_mail():
    assert list(process_types()) == ["web", "worker", "scheduler", "inbound"]
    assert process_types()["web"].startswith("gunicorn -c config/gunicorn.conf.py ")


def test_compose_runs_each_procfile_type_with_its_command():
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    for kind, command in process_types().items():
        assert kind in services, f"compose.yaml has no service for the Procfile's {kind}"
        assert services[kind]["command"] == shlex.split(command), kind


def test_the_image_runs_the_web_command_and_documents_the_others():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1)
    assert json.loads(cmd) == shlex.split(process_types()["web"])
    for kind, command in process_types().items():
        assert re.search(rf"^#\s+{kind}\b.*\s{re.escape(command)}$", dockerfile, re.MULTILINE), kind


def test_make_cluster_runs_replicas_of_the_procfile_commands():
    plan = Cluster(web=3, workers=2).plan()
    commands = process_types()
    assert [name for _, name, _ in plan] == [
        "web1", "web2", "web3", "worker1", "worker2", "scheduler", "inbound",
    ]  # fmt: skip
    assert all(command == commands[kind] for kind, _, command in plan)


def test_a_new_process_type_is_one_procfile_line(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text(PROCFILE.read_text() + "mailer: python manage.py send_reminders\n")

    assert process_types(procfile)["mailer"] == "python manage.py send_reminders"
    plan = Cluster(web=2, workers=1).plan(procfile)
    assert ("mailer", "mailer", "python manage.py send_reminders") in plan
