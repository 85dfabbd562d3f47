"""The baseline: a plain Rasa 3.6 assistant with the default `rasa init` configuration on the project's NLU data.

`rasa init` writes a config.yml whose pipeline and policies are commented out; Rasa then trains with its
default configuration (rasa/engine/recipes/config_files/default_config.yml). That file is read from the
installed Rasa and written out explicitly, with only the language and assistant id changed (no component in
it depends on the language). The project's domain and rules need its custom actions and components, so the
baseline gets a minimal domain (the project's intents, one fixed response per intent) and one rule per intent.
It runs with `rasa run --enable-api`: REST and Rasa's own socket.io channel, in-memory tracker store, no
action server.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT

RASA_DEFAULT_CONFIG = Path("engine") / "recipes" / "config_files" / "default_config.yml"
QUICK_EPOCHS = 2


@dataclass(frozen=True)
class BaselineProject:
    folder: Path
    config: Path
    domain: Path
    rules: Path
    credentials: Path
    endpoints: Path
    nlu: Path


def default_config(quick: bool = False) -> dict:
    import rasa

    config = yaml.safe_load((Path(rasa.__file__).parent / RASA_DEFAULT_CONFIG).read_text(encoding="utf-8"))
    config["assistant_id"] = "baseline-benchmark"
    config["language"] = "nl"
    if quick:
        for component in config["pipeline"] + config["policies"]:
            if "epochs" in component:
                component["epochs"] = QUICK_EPOCHS
    return config


def project_intents() -> list[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [next(iter(item)) if isinstance(item, dict) else str(item) for item in domain["intents"]]


def write_baseline(folder: Path, quick: bool = False) -> BaselineProject:
    folder.mkdir(parents=True, exist_ok=True)
    intents = project_intents()
    project = BaselineProject(folder, folder / "config.yml", folder / "domain.yml", folder / "rules.yml",
                              folder / "credentials.yml", folder / "endpoints.yml", PROJECT_ROOT / "data" / "nlu")
    _dump(project.config, default_config(quick))
    _dump(project.domain, {
        "version": "3.1",
        "intents": intents,
        "responses": {f"utter_{intent}": [{"text": f"Vast antwoord op {intent}."}] for intent in intents},
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
    })
    _dump(project.rules, {
        "version": "3.1",
        "rules": [{"rule": f"answer {intent}", "steps": [{"intent": intent}, {"action": f"utter_{intent}"}]}
                  for intent in intents],
    })
    _dump(project.credentials, {
        "rest": None,
        "socketio": {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
                     "session_persistence": True},
    })
    # An empty endpoints file: in-memory tracker and lock store, no action server.
    project.endpoints.write_text("# baseline: Rasa's defaults\n", encoding="utf-8")
    return project


def train_command(python: str, project: BaselineProject, out: Path) -> list[str]:
    return [python, "-m", "rasa", "train", "--config", str(project.config), "--domain", str(project.domain),
            "--data", str(project.nlu), str(project.rules), "--out", str(out), "--fixed-model-name", "baseline",
            "--quiet"]


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
