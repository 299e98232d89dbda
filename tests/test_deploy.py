"""deploy/ is documentation that must be correct: Kubernetes manifests against the official JSON schemas
(from the kubernetes-validate package, offline), docker-compose.yml and nginx against what the code needs."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SCHEMAS = ROOT / ".venv" / "share" / "kubernetes_validate-1.37.0-py3-none-any.whl"
K8S_VERSION = "v1.33.0-local-strict"


def manifests() -> list[dict[str, Any]]:
    docs = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return docs


def _schema_name(doc: dict[str, Any]) -> str:
    group, _, version = doc["apiVersion"].rpartition("/")
    group = group.split(".")[0]
    return f"{doc['kind'].lower()}-{group + '-' if group else ''}{version}.json"


def test_every_kubernetes_manifest_validates_against_the_official_schema() -> None:
    from jsonschema import Draft202012Validator, RefResolver

    if not SCHEMAS.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SCHEMAS} missing under CI=true (make setup downloads it from PyPI)")
        pytest.skip(f"{SCHEMAS} missing: run make setup")
    prefix = f"kubernetes_validate/kubernetes-json-schema/{K8S_VERSION}/"
    with zipfile.ZipFile(SCHEMAS) as wheel:
        definitions = json.loads(wheel.read(prefix + "_definitions.json"))
        kinds = set()
        for doc in manifests():
            schema = json.loads(wheel.read(prefix + _schema_name(doc)))
            store = {"file:///api/_definitions.json": definitions, definitions.get("$id", ""): definitions}
            resolver = RefResolver("file:///api/schema.json", schema, store=store)
            errors = [f"{doc['kind']} {doc['metadata']['name']}: {e.message}"
                      for e in Draft202012Validator(schema, resolver=resolver).iter_errors(doc)]
            assert errors == []
            kinds.add(doc["kind"])
    assert {"Deployment", "StatefulSet", "Service", "ConfigMap", "CronJob", "NetworkPolicy"} <= kinds


def test_every_kubernetes_container_has_probes_requests_and_a_pinned_image() -> None:
    for doc in manifests():
        pod = doc.get("spec", {}).get("template", {}).get("spec") or doc.get("spec", {}).get(
            "jobTemplate", {}).get("spec", {}).get("template", {}).get("spec")
        for container in (pod or {}).get("containers", []):
            name = f"{doc['metadata']['name']}/{container['name']}"
            assert container["resources"]["requests"], name
            assert not container["image"].endswith(":latest") and ":" in container["image"], name
            if doc["kind"] != "CronJob":
                assert "readinessProbe" in container and "livenessProbe" in container, name


def test_rasa_runs_several_replicas_with_a_rolling_update_that_keeps_capacity() -> None:
    rasa = next(d for d in manifests() if d["kind"] == "Deployment" and d["metadata"]["name"] == "assistant-rasa")
    assert rasa["spec"]["replicas"] >= 2
    assert rasa["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    limit = rasa["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"]
    assert int(re.sub(r"\D", "", limit)) <= 1229  # ≤ 1.2 GB per Rasa process, the target


def _env_needed_by_endpoints() -> set[str]:
    return set(re.findall(r"\$\{(\w+)\}", (DEPLOY / "endpoints.scaled.yml").read_text()))


def test_compose_gives_every_service_a_healthcheck_and_publishes_only_nginx() -> None:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "actions", "rasa", "nginx"}
    assert all("healthcheck" in s for s in services.values())
    assert [name for name, s in services.items() if s.get("ports")] == ["nginx"]
    assert services["rasa"]["deploy"]["replicas"] >= 2
    assert compose["networks"]["private"]["internal"] is True


def test_compose_and_kubernetes_provide_every_variable_the_scaled_endpoints_use() -> None:
    needed = _env_needed_by_endpoints()
    compose_env = set(yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["x-assistant-env"])
    config = next(d for d in manifests() if d["kind"] == "ConfigMap")
    k8s_env = set(config["data"]) | {"ASSISTANT_PG_PASSWORD"}  # the password comes from the Secret
    assert needed <= compose_env
    assert needed <= k8s_env


def test_the_compose_nginx_config_matches_the_template_used_by_run_scaled() -> None:
    template = (DEPLOY / "nginx.conf.template").read_text()
    compose = (DEPLOY / "nginx.compose.conf").read_text()
    for directive in ("least_conn;", "access_log off;", "client_max_body_size 32k;",
                      "proxy_next_upstream error timeout non_idempotent;",
                      "X-Forwarded-For $remote_addr", "location /webhooks/", "location = /healthz",
                      "location ~ ^/webhooks/[a-z]+/health$ { return 404; }"):
        assert directive in template and directive in compose, directive


def test_every_compose_service_is_restarted_when_it_exits() -> None:
    services = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["services"]
    assert {name: s.get("restart") for name, s in services.items()} == dict.fromkeys(services, "unless-stopped")


def test_compose_judges_each_rasa_replica_by_its_health_route() -> None:
    rasa = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["services"]["rasa"]
    assert "http://localhost:5005/webhooks/rest/health'" in " ".join(rasa["healthcheck"]["test"])


def test_kubernetes_takes_a_replica_out_of_rotation_on_its_health_route_but_restarts_it_only_when_it_hangs() -> None:
    rasa = next(d for d in manifests() if d["kind"] == "Deployment" and d["metadata"]["name"] == "assistant-rasa")
    container = rasa["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/webhooks/rest/health"
    assert container["livenessProbe"]["httpGet"]["path"] == "/webhooks/rest/health?probe=liveness"
    assert container["startupProbe"]["httpGet"]["path"] == "/webhooks/rest/health?probe=liveness"
    startup = container["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 120  # loading the model on a busy node
