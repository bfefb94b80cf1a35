"""The model's graphs run in a fixed order, without dask's scheduler.

Both graphs (NLU, then dialogue policies) ran through ``dask.get`` on every message: scheduling the
dozen nodes cost 8% of the server's time, more than any of them but the classifier and the rules.
The replacement of ``DaskGraphRunner.run`` (copied from Rasa 3.6.21, its check of the inputs
included) runs the same nodes with the same inputs, each once, in an order worked out once per set
of targets, as dask does in one process.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

from rasa_patches.patch import Patch, Replacement


def run_graph_in_order(
    self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """Rasa's ``DaskGraphRunner.run``: the same nodes with the same inputs, without dask."""
    run_targets = targets if targets else self._graph_schema.target_names
    order = _execution_order(self, tuple(run_targets))
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and (value in order or value in results):
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names "
                f"passed to the `run` method are the same as node names in the graph schema."
            )
        results[name] = (name, value)
    try:
        for name in order:
            if name not in results:  # an input of the same name stands in for the node, as in dask
                node = self._instantiated_nodes[name]
                # A need nothing provides reaches the node as its bare name, which it reports.
                needs = self._graph_schema.nodes[name].needs.values()
                results[name] = node(*(results.get(need, need) for need in needs))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


def _execution_order(runner: DaskGraphRunner, targets: tuple[str, ...]) -> list[str]:
    """The nodes the targets need, each after the nodes it needs; worked out once per targets."""
    orders = runner.__dict__.setdefault("_sonopath_execution_orders", {})
    if targets not in orders:
        nodes = runner._graph_schema.minimal_graph_schema(list(targets)).nodes
        order: list[str] = []

        def visit(name: str) -> None:
            if name in nodes and name not in order:
                for need in nodes[name].needs.values():
                    visit(need)
                order.append(name)

        for target in targets:
            visit(target)
        orders[targets] = order
    return orders[targets]


PATCH = Patch(
    "graph_runner", rasa_version="3.6.21", replacements=(Replacement(DaskGraphRunner, "run", run_graph_in_order),)
)
