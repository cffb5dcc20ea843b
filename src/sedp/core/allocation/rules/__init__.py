"""The allocation rules. Each works on a :class:`~sedp.core.allocation.rules._common.Prepared` election."""

from .greedy import greedy
from .mes import mes, mes_completion_k, mes_literal_completion_k, run_mes
from .phragmen import phragmen
from .process import ProcessOptions, process

__all__ = [
    "greedy",
    "mes",
    "mes_completion_k",
    "mes_literal_completion_k",
    "phragmen",
    "process",
    "ProcessOptions",
    "run_mes",
]
