"""SonoPath against stock Rasa 3.6, same machine, same data and domain: `make bench`.

Two builds of the assistant are trained from data/ and domain.yml:

- sonopath: the project's config.yml;
- stock: bench/stock_config.yml, the file `rasa init` writes (pipeline and policies left empty, so
  Rasa fills in its default recipe: DIET, ResponseSelector, TED, UnexpecTED, rules, memoization).

For each it measures training time, held-out and 5-fold cross-validated NLU, and, with the same
action server and an embedded SQLite tracker store, cold start, REST latency for 1 and 20
concurrent users, throughput and peak memory. Server measurements are repeated (REPEATS) and the
medians reported. Everything runs on loopback and stops by itself. Results: bench/results.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from rasa.shared.data import get_data_files, is_nlu_file  # noqa: E402

from bench.load import LoadReport, run_load  # noqa: E402
from bot.formatting import money  # noqa: E402
from bot.knowledge import default_knowledge_base  # noqa: E402
from bot.render.notices import FAILURE_NOTICES  # noqa: E402
from tools.processes import server_memory_mb, servers  # noqa: E402
from tools.servers import (  # noqa: E402
    free_port,
    reply_text,
    say,
    sqlite_endpoints,
    start_script,
    stop_process,
    wait_until_up,
)

RASA = REPO_ROOT / ".venv" / "bin" / "rasa"
WORK = REPO_ROOT / "bench" / "work"
RESULTS = REPO_ROOT / "bench" / "results.md"
EXPERIMENTS = REPO_ROOT / "bench" / "experiments.md"
TRAINING_DATA = "data"  # split by feature; rasa reads the whole folder
# What `make` trains on beside it: the off-topic examples derived from CLINC150, when set up.
CLINC_EXAMPLES = "build/nlu/out_of_scope_clinc.yml"
TRAINING_PATHS = [TRAINING_DATA, *([CLINC_EXAMPLES] if (REPO_ROOT / CLINC_EXAMPLES).is_file() else [])]
# Its NLU files (absolute paths), chosen as rasa chooses them: cross-validation reads only these.
NLU_FILES = get_data_files([str(REPO_ROOT / TRAINING_DATA)], is_nlu_file)
CONFIGS = {"sonopath": REPO_ROOT / "config.yml", "stock": REPO_ROOT / "bench" / "stock_config.yml"}
# The cold-start question and the fact that proves the answer right: the role's median pay in the
# knowledge base, written as the answer writes it.
FIRST_QUESTION = (
    "what does a PACS administrator earn?",
    money(default_knowledge_base().role("pacs_administrator").median_pay[0].amount),
)
COLD_START_LIMIT_S = 300
RASA_COMMAND_LIMIT_S = 3 * 3600  # the stock build's 5-fold cross-validation takes about an hour here
ONE_USER_MESSAGES = 100
MANY_USERS = 20
MANY_USERS_MESSAGES = 20


STAGES = ["train", "nlu", "cv", "serve"]
STAGE_INPUTS = {
    # What each stage's result depends on: a stage reruns only when these change (or with --fresh).
    "train": ["domain.yml", *TRAINING_PATHS],
    "heldout": ["domain.yml", *TRAINING_PATHS, "tests/nlu"],
    "cv": NLU_FILES,
}
SPACY_PIPELINE = REPO_ROOT / "build" / "spacy" / "sonopath_en"


PACKAGES = ["rasa", "scikit-learn", "tensorflow", "spacy", "numpy"]


def fingerprint(build: str, stage: str, extra: dict[str, Any] | None = None) -> str:
    """A hash of everything the stage's result depends on: files, package versions, settings."""
    from importlib.metadata import version

    paths = [CONFIGS[build], *(REPO_ROOT / name for name in STAGE_INPUTS[stage])]
    if build == "sonopath":
        paths += [SPACY_PIPELINE, REPO_ROOT / "components"]
    if stage == "heldout":
        paths.append(model_path(build))
    context = {"packages": {name: version(name) for name in PACKAGES}, **(extra or {})}
    digest = hashlib.sha256(json.dumps(context, sort_keys=True).encode())
    for path in paths:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in (file for file in files if "__pycache__" not in file.parts):
            name = str(file.relative_to(REPO_ROOT)) if file.is_relative_to(REPO_ROOT) else file.name
            digest.update(name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def cached_stage(
    build: str, stage: str, fresh: bool, measure: Callable[[], dict], extra: dict[str, Any] | None = None
) -> dict:
    """The stage's stored result if its inputs are unchanged, else a new measurement (then stored)."""
    store = WORK / build / f"{stage}.json"
    key = fingerprint(build, stage, extra)
    if not fresh and store.exists():
        stored = json.loads(store.read_text())
        if stored.get("fingerprint") == key:
            print(f"[{build}] {stage}: unchanged inputs, result of {stored['measured']} reused", flush=True)
            return stored
    result = measure()
    result.update(fingerprint=key, measured=f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    store.write_text(json.dumps(result, indent=2))
    return result


@dataclass
class ServerRun:
    cold_start_s: float
    one_user: dict[str, float]
    many_users: dict[str, float]
    rasa_peak_rss_mb: float
    errors: list[str] = field(default_factory=list)


@dataclass
class BuildResult:
    name: str
    training_s: float = float("nan")
    intent_f1: float = float("nan")
    entity_f1: float = float("nan")
    cv_intent_f1: float = float("nan")
    runs: list[ServerRun] = field(default_factory=list)
    action_peak_rss_mb: float = float("nan")
    measured: dict[str, str] = field(default_factory=dict)  # stage -> when its figures were measured
    notes: list[str] = field(default_factory=list)  # what a stored result says about how it was measured

    def note(self, stage: str, stored: dict) -> None:
        """Keeps what a stored stage result says about how it was measured, for the report."""
        if "note" in stored:
            self.notes.append(f"{stage}: {stored['note']}")

    def median(self, pick: Callable[[ServerRun], float]) -> float:
        return statistics.median(pick(run) for run in self.runs) if self.runs else float("nan")


def environment(build_dir: Path) -> dict[str, str]:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    env["RASA_CACHE_DIRECTORY"] = str(build_dir / "cache")  # no help from an earlier training
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def run_rasa(arguments: list[str], build_dir: Path, log_name: str) -> float:
    """Runs a rasa command from the project root; returns its wall time, or raises with its log."""
    log = build_dir / log_name
    started = time.perf_counter()
    with log.open("wb") as output:
        finished = subprocess.run(
            [str(RASA), *arguments],
            cwd=REPO_ROOT,
            env=environment(build_dir),
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=RASA_COMMAND_LIMIT_S,
        )
    if finished.returncode != 0:
        raise RuntimeError(f"rasa {' '.join(arguments)} failed; see {log}")
    return time.perf_counter() - started


def model_path(build: str) -> Path:
    return WORK / build / "model.tar.gz"


def train(build: str) -> dict:
    build_dir = WORK / build
    shutil.rmtree(build_dir / "cache", ignore_errors=True)
    arguments = ["train", "--config", str(CONFIGS[build]), "--domain", "domain.yml", "--data", *TRAINING_PATHS]
    arguments += ["--out", str(build_dir), "--fixed-model-name", "model", "--force"]
    seconds = run_rasa(arguments, build_dir, "train.log")
    shutil.rmtree(build_dir / "cache", ignore_errors=True)
    return {"training_s": seconds}


def macro_f1(report: Path) -> float:
    return float(json.loads(report.read_text())["macro avg"]["f1-score"])


def entity_f1(model: Path) -> float:
    """Micro-F1 of the entities the model finds in the held-out files (type and exact span).

    Computed here rather than read from `rasa test nlu`, which leaves out extractors it counts as
    pretrained, SpacyEntityExtractor among them; both builds are scored by this same code.
    """
    import logging

    import structlog
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))  # one line per parse

    examples = load_data(str(REPO_ROOT / "tests" / "nlu")).nlu_examples
    annotated_types = {entity["entity"] for example in examples for entity in example.get("entities") or []}
    agent = Agent.load(str(model))

    async def parse_all() -> list[dict]:
        return [await agent.parse_message(example.get("text")) for example in examples]

    expected = found = correct = 0
    for example, parsed in zip(examples, asyncio.run(parse_all()), strict=True):
        gold = {(entity["entity"], entity["start"], entity["end"]) for entity in example.get("entities") or []}
        predicted = {
            (entity["entity"], entity["start"], entity["end"])
            for entity in parsed.get("entities") or []
            if entity["entity"] in annotated_types
        }
        expected, found, correct = expected + len(gold), found + len(predicted), correct + len(gold & predicted)
    precision, recall = correct / found if found else 0.0, correct / expected if expected else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate_heldout(build: str) -> dict:
    out = WORK / build / "heldout"
    arguments = ["test", "nlu", "--model", str(model_path(build)), "--nlu", "tests/nlu", "--out", str(out)]
    run_rasa(arguments, WORK / build, "heldout.log")
    return {"intent_f1": macro_f1(out / "intent_report.json"), "entity_f1": entity_f1(model_path(build))}


def cross_validate(build: str, folds: int) -> dict:
    out = WORK / build / "cross-validation"
    arguments = ["test", "nlu", "--config", str(CONFIGS[build]), "--nlu", TRAINING_DATA]
    arguments += ["--cross-validation", "--folds", str(folds), "--out", str(out)]
    seconds = run_rasa(arguments, WORK / build, "cross-validation.log")
    return {"cv_intent_f1": macro_f1(out / "intent_report.json"), "folds": folds, "cv_s": seconds}


def peak_rss_mb(run_pid: int) -> float:
    """The peak resident set (VmHWM) of the server scripts/run.sh started as ``run_pid``, in MB."""
    return server_memory_mb(run_pid, "", "VmHWM") if servers(run_pid, "") else float("nan")


def first_correct_answer(base_url: str, process: subprocess.Popen, started: float) -> float:
    question, expected = FIRST_QUESTION
    while time.perf_counter() - started < COLD_START_LIMIT_S:
        if process.poll() is not None:
            raise RuntimeError("the Rasa server exited while starting")
        try:
            if expected in reply_text(say(base_url, "cold-start", question, timeout=30)):
                return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no correct answer within {COLD_START_LIMIT_S} s")


def latency_summary(report: LoadReport) -> dict[str, float]:
    return {
        "p50": report.percentile(0.5) * 1000,
        "p95": report.percentile(0.95) * 1000,
        "p99": report.percentile(0.99) * 1000,
        "throughput": report.throughput,
    }


def measure_server(model: Path, action_url: str, run_dir: Path) -> ServerRun:
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    settings = {
        "RASA_PORT": str(port),
        "SONOPATH_MODEL": str(model),
        "SONOPATH_ACTION_SERVER_URL": action_url,
        "SONOPATH_ENDPOINTS": str(sqlite_endpoints(run_dir)),
    }
    base_url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = start_script("rasa", run_dir / "rasa.log", settings)
    try:
        cold_start = first_correct_answer(base_url, process, started)
        asyncio.run(run_load([base_url], users=2, messages_per_user=10, tag="warm-up"))
        one = asyncio.run(run_load([base_url], 1, ONE_USER_MESSAGES, FAILURE_NOTICES))
        many = asyncio.run(run_load([base_url], MANY_USERS, MANY_USERS_MESSAGES, FAILURE_NOTICES))
        return ServerRun(
            cold_start_s=cold_start,
            one_user=latency_summary(one),
            many_users=latency_summary(many),
            rasa_peak_rss_mb=peak_rss_mb(process.pid),
            errors=one.errors + many.errors,
        )
    finally:
        stop_process(process)


def measure_build(name: str, stages: set[str], repeats: int, folds: int, fresh: bool) -> BuildResult:
    build = BuildResult(name)
    (WORK / name).mkdir(parents=True, exist_ok=True)
    needs_model = bool(stages & {"nlu", "serve"}) and not model_path(name).exists()
    if "train" in stages or needs_model:
        print(f"[{name}] training", flush=True)
        trained = cached_stage(name, "train", fresh or not model_path(name).exists(), lambda: train(name))
        build.training_s, build.measured["training"] = trained["training_s"], trained["measured"]
        build.note("training", trained)
    if "nlu" in stages:
        print(f"[{name}] held-out NLU", flush=True)
        scoring = {"entity_scoring": inspect.getsource(entity_f1)}
        heldout = cached_stage(name, "heldout", fresh, lambda: evaluate_heldout(name), scoring)
        build.intent_f1, build.entity_f1 = heldout["intent_f1"], heldout["entity_f1"]
        build.measured["held-out NLU"] = heldout["measured"]
        build.note("held-out NLU", heldout)
    if "cv" in stages and folds:
        print(f"[{name}] {folds}-fold cross-validation", flush=True)
        cv = cached_stage(name, "cv", fresh, lambda: cross_validate(name, folds), {"folds": folds})
        build.cv_intent_f1, build.measured["cross-validation"] = cv["cv_intent_f1"], cv["measured"]
        build.note("cross-validation", cv)
    if "serve" in stages:
        measure_serving(build, repeats)
    return build


def measure_serving(build: BuildResult, repeats: int) -> None:
    build_dir = WORK / build.name
    actions_port = free_port()
    actions = start_script("actions", build_dir / "actions.log", {"SONOPATH_ACTIONS_PORT": str(actions_port)})
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", actions, build_dir / "actions.log")
        for repeat in range(repeats):
            print(f"[{build.name}] server run {repeat + 1}/{repeats}", flush=True)
            action_url = f"http://127.0.0.1:{actions_port}/webhook"
            build.runs.append(measure_server(model_path(build.name), action_url, build_dir / f"run-{repeat}"))
        build.action_peak_rss_mb = peak_rss_mb(actions.pid)
    finally:
        stop_process(actions)


# --- the report ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Metric:
    label: str
    pick: Callable[[BuildResult], float]
    unit: str
    lower_is_better: bool
    target: float | None = None  # the ratio SonoPath / stock must stay at or under (or over) this


METRICS = [
    Metric("Intent macro-F1, held-out (tests/nlu)", lambda b: b.intent_f1, "", False, 1.0),
    Metric("Entity micro-F1 (role, credential), held-out", lambda b: b.entity_f1, "", False),
    Metric("Intent macro-F1, 5-fold cross-validation", lambda b: b.cv_intent_f1, "", False),
    Metric("Latency p50, 1 user", lambda b: b.median(lambda r: r.one_user["p50"]), "ms", True, 0.5),
    Metric("Latency p95, 1 user", lambda b: b.median(lambda r: r.one_user["p95"]), "ms", True),
    Metric("Latency p99, 1 user", lambda b: b.median(lambda r: r.one_user["p99"]), "ms", True),
    Metric("Latency p50, 20 users", lambda b: b.median(lambda r: r.many_users["p50"]), "ms", True, 0.5),
    Metric("Latency p95, 20 users", lambda b: b.median(lambda r: r.many_users["p95"]), "ms", True),
    Metric("Latency p99, 20 users", lambda b: b.median(lambda r: r.many_users["p99"]), "ms", True),
    Metric("Throughput, 20 users", lambda b: b.median(lambda r: r.many_users["throughput"]), "msg/s", False, 2.5),
    Metric("Peak RSS, Rasa server", lambda b: b.median(lambda r: r.rasa_peak_rss_mb), "MB", True, 0.8),
    Metric("Peak RSS, action server", lambda b: b.action_peak_rss_mb, "MB", True),
    Metric("Cold start to first correct answer", lambda b: b.median(lambda r: r.cold_start_s), "s", True, 0.6),
    Metric("Training time", lambda b: b.training_s, "s", True),
]


def _number(value: float, unit: str) -> str:
    if value != value:  # NaN: not measured
        return "-"
    if unit in {"", "msg/s"}:
        return f"{value:.3f}" if unit == "" else f"{value:.1f}"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def verdict(metric: Metric, ratio: float) -> str:
    if metric.target is None or ratio != ratio:
        return ""
    met = ratio >= metric.target if not metric.lower_is_better else ratio <= metric.target
    sign = ">=" if not metric.lower_is_better else "<="
    return f"{sign} {metric.target:g}: {'met' if met else '**missed**'}"


def missed_targets(sonopath: BuildResult, stock: BuildResult) -> list[str]:
    missed = []
    for metric in METRICS:
        theirs = metric.pick(stock)
        ratio = metric.pick(sonopath) / theirs if theirs else float("nan")
        if "missed" in verdict(metric, ratio):
            missed.append(metric.label)
    return missed


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB, {platform.platform()}"


def report(sonopath: BuildResult, stock: BuildResult, repeats: int, folds: int, command: str) -> str:
    lines = [
        "# SonoPath against stock Rasa 3.6",
        "",
        f"Generated by `{command}` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {machine()}; Python {platform.python_version()}.",
        "",
        "Both builds: the same `domain.yml`, `data/`, action server and SQLite tracker store; REST on",
        "loopback. *stock* is `bench/stock_config.yml`, what `rasa init` writes (Rasa's default recipe:",
        "DIET, ResponseSelector, TED, UnexpecTED, rules, memoization). Latency is per message, custom",
        f"actions included, over the scripted conversation in `bench/load.py`: {ONE_USER_MESSAGES} messages for",
        f"one user; {MANY_USERS} concurrent users x {MANY_USERS_MESSAGES} messages. Server figures are medians",
        f"of {repeats} runs (a fresh server each); training and NLU once; cross-validation {folds} folds.",
        "Both servers start through `scripts/run.sh`, so *stock* also runs SonoPath's channels (`channels/`),",
        "action guard and speed-ups (`rasa_patches/`): the comparison isolates `config.yml`; untouched Rasa",
        "would be slower.",
        "",
        "| metric | SonoPath | stock | SonoPath / stock | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for metric in METRICS:
        ours, theirs = metric.pick(sonopath), metric.pick(stock)
        ratio = ours / theirs if theirs else float("nan")
        unit = f" {metric.unit}" if metric.unit else ""
        lines.append(
            f"| {metric.label}{' (' + metric.unit + ')' if unit else ''} | {_number(ours, metric.unit)} | "
            f"{_number(theirs, metric.unit)} | {ratio:.2f}x | {verdict(metric, ratio)} |"
        )
    lines += ["", "Every run, in order:", ""]
    for build in (sonopath, stock):
        for index, run in enumerate(build.runs, 1):
            lines.append(
                f"- {build.name} run {index}: cold start {run.cold_start_s:.1f} s; 1 user p50 "
                f"{run.one_user['p50']:.0f} ms; 20 users p50 {run.many_users['p50']:.0f} ms, "
                f"{run.many_users['throughput']:.1f} msg/s; Rasa peak RSS {run.rasa_peak_rss_mb:.0f} MB; "
                f"{len(run.errors)} errors"
            )
    lines += [
        "",
        "Training and NLU figures are stored with their inputs' fingerprint and reused while those",
        "inputs are unchanged; they were measured:",
        "",
    ]
    for build in (sonopath, stock):
        lines.append(f"- {build.name}: " + "; ".join(f"{stage} {when}" for stage, when in build.measured.items()))
        lines += [f"  - {build.name} {note}" for note in build.notes]
    missed = missed_targets(sonopath, stock)
    lines += ["", f"Targets missed: {', '.join(missed)}." if missed else "Every target met.", ""]
    if EXPERIMENTS.exists():
        lines += [EXPERIMENTS.read_text().rstrip(), ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="server measurements per build (medians)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds; 0 skips it")
    parser.add_argument("--builds", default=",".join(CONFIGS), help="comma-separated: sonopath,stock")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {','.join(STAGES)}")
    parser.add_argument("--fresh", action="store_true", help="measure again even where the inputs are unchanged")
    parser.add_argument("--out", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    builds, stages = arguments.builds.split(","), set(arguments.stages.split(","))
    if not set(builds) <= set(CONFIGS) or not stages <= set(STAGES):
        parser.error(f"builds are {', '.join(CONFIGS)}; stages are {', '.join(STAGES)}")
    results = [measure_build(name, stages, arguments.repeats, arguments.folds, arguments.fresh) for name in builds]
    if len(results) == len(CONFIGS) and stages == set(STAGES):
        command = "make bench" + ("" if (arguments.repeats, arguments.folds) == (3, 5) else
                                  f" BENCH_ARGS='--repeats {arguments.repeats} --folds {arguments.folds}'")
        text = report(*results, arguments.repeats, arguments.folds, command)
        arguments.out.write_text(text + "\n", encoding="utf-8")
        print(text)
    else:
        print("A partial run: bench/results.md is written only when every build and stage ran.")
        for build in results:
            print(build)
    errors = [error for build in results for run in build.runs for error in run.errors]
    if errors:
        print(f"{len(errors)} messages failed during the load runs, e.g. {errors[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
