"""compose.yaml and deploy/k8s/: valid for their own tools, and saying what the README says.

The tools (docker-compose or `docker compose`, kubernetes-validate, kubectl) validate where
they are installed; a test whose tool is missing skips and says which. The checks of content
need only PyYAML.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "compose.yaml"
K8S = ROOT / "deploy" / "k8s"
MANIFESTS = [K8S / name for name in ("deployment.yaml", "service.yaml", "ingress.yaml")]
EXAMPLE = ROOT / "deploy" / "nginx.conf.example"
HEALTH = "/_stcore/health"


def compose_command() -> list[str]:
    """docker-compose (Debian's package), or the compose plugin of the docker client."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker") and subprocess.run(
            ["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    pytest.skip("neither docker-compose nor `docker compose` is installed "
                "(apt-get install docker-compose)")


def compose_config(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*compose_command(), "-f", str(path), "config", "-q"],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict]:
    return {doc["kind"]: doc for path in MANIFESTS for doc in yaml.safe_load_all(path.read_text())}


@pytest.mark.slow
def test_compose_file_is_valid_for_compose(tmp_path):
    checked = compose_config(COMPOSE)
    assert checked.returncode == 0, checked.stderr
    # The tool does check: a misspelt key fails it.
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("healthcheck:", "helthcheck:", 1))
    assert compose_config(broken).returncode != 0


def test_compose_runs_replicas_of_the_image_with_health_checks(compose):
    apps = {name: service for name, service in compose["services"].items()
            if service.get("build") == "." and name.startswith("app")}
    assert len(apps) >= 2
    for service in apps.values():
        assert service["image"] == "handover-dashboard"
        assert service["healthcheck"]["test"] == ["CMD", "/app/docker/entrypoint.sh", "health"]
        assert service["read_only"] is True
    proxy = compose["services"]["proxy"]
    # nginx waits for every replica to be healthy, and for the front end to be copied out.
    assert {name: dep["condition"] for name, dep in proxy["depends_on"].items()} == {
        **{name: "service_healthy" for name in apps},
        "frontend": "service_completed_successfully"}
    # Every replica is an upstream of the proxy, and nothing else is.
    script = proxy["command"][-1]
    assert sorted(re.findall(r"server (\w+):8501;", script)) == sorted(apps)


def test_compose_runs_the_example_nginx_config_with_the_front_end_from_disk(compose):
    proxy = compose["services"]["proxy"]
    assert "./deploy/nginx.conf.example:/etc/handover/nginx.conf.example:ro" in proxy["volumes"]
    script = proxy["command"][-1]
    assert "/etc/handover/nginx.conf.example > /etc/nginx/conf.d/default.conf" in script
    assert "ip_hash;" in EXAMPLE.read_text()  # sticky sessions come with the example
    # STREAMLIT_STATIC, the package's static folder, is the volume the frontend service
    # fills from the image.
    assert "s|STREAMLIT_STATIC|/srv/streamlit/static|" in script
    assert "streamlit-static:/srv/streamlit/static:ro" in proxy["volumes"]
    assert "streamlit-static:/out" in compose["services"]["frontend"]["volumes"]


def test_compose_sed_script_makes_a_config_nginx_accepts(compose, tmp_path):
    """The proxy's start command applied here to the example, then `nginx -t` on the result
    (the replicas' names swapped for loopback, which resolve here)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (apt-get install nginx)")
    script = compose["services"]["proxy"]["command"][-1]
    sed = script.split(" > ")[0].replace("/etc/handover/nginx.conf.example", str(EXAMPLE))
    site = subprocess.run(["sh", "-c", sed], capture_output=True, text=True, check=True).stdout
    site = re.sub(r"server app\d:8501;", "server 127.0.0.1:8501;", site)
    site = site.replace("listen 80;", "listen 127.0.0.1:8080;")
    assert "alias /srv/streamlit/static/static/;" in site
    (tmp_path / "static").mkdir()
    site = site.replace("/srv/streamlit/static/static/", f"{tmp_path}/static/")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n{site}\n}}\n")
    checked = subprocess.run([nginx, "-t", "-e", str(tmp_path / "error.log"), "-p",
                              str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def kubernetes_validate():
    try:
        import kubernetes_validate
    except ImportError:
        pytest.skip("kubernetes-validate is not installed (pip install kubernetes-validate)")
    return kubernetes_validate


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.name)
def test_manifest_is_valid_for_kubernetes(path):
    validator = kubernetes_validate()
    for doc in yaml.safe_load_all(path.read_text()):
        validator.validate(doc, validator.latest_version(), strict=True)


def test_kubernetes_validate_does_check(manifests):
    validator = kubernetes_validate()
    broken = copy.deepcopy(manifests["Deployment"])
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/"
    with pytest.raises(validator.ValidationError):
        validator.validate(broken, validator.latest_version(), strict=True)


def test_kustomization_lists_every_manifest():
    kubectl = shutil.which("kubectl")
    if not kubectl:
        pytest.skip("kubectl is not installed: `kubectl kustomize` cannot be checked")
    rendered = subprocess.run([kubectl, "kustomize", str(K8S)], capture_output=True, text=True)
    assert rendered.returncode == 0, rendered.stderr
    kinds = sorted(doc["kind"] for doc in yaml.safe_load_all(rendered.stdout))
    assert kinds == ["Deployment", "Ingress", "Service"]


def test_deployment_is_non_root_read_only_and_probed_on_health(manifests):
    pod = manifests["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001  # the Dockerfile's useradd
    assert "--uid 10001" in (ROOT / "Dockerfile").read_text()
    (container,) = pod["containers"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": HEALTH, "port": "http"}
    assert container["ports"] == [{"name": "http", "containerPort": 8501}]


def test_service_and_ingress_reach_the_pods_with_cookie_affinity(manifests):
    deployment, service, ingress = (manifests[kind] for kind in ("Deployment", "Service",
                                                                 "Ingress"))
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["path"] == "/" and path["pathType"] == "Prefix"  # the WebSocket included
    assert path["backend"]["service"] == {"name": service["metadata"]["name"],
                                          "port": {"name": "http"}}
